package io.roomsync.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How long and how hard to measure.
 *
 * @param warmup           least load before measuring ingest: on two shared cores the JIT needs minutes to settle
 * @param duration         one closed-loop run
 * @param rounds           closed-loop rounds, alternating the compared endpoints
 * @param connections      concurrent connections
 * @param rate             requests/s of the open-loop latency runs
 * @param latencyDuration  one open-loop run
 * @param suites           which suites to run (ingest, emulator, role-sync, spam-wave, notices, mute, moderation)
 * @param pipelineWarmup   load at the lower rate before the role-sync and notice rounds
 * @param pipelineDuration one rate run of role-sync or notices
 * @param pipelineDrain    how long a run may take after its last input to see every outcome
 * @param pipelineRounds   rounds of each rate (the rates alternate within a round)
 * @param roleSyncRates    commands/s offered to role-sync, lower first (default 20,200,1000: issue 13's quiet room,
 *                         busy rooms, and a spam wave's load)
 * @param noticeRates      member state changes/s offered to notice-dispatch, lower first (default 100,1000)
 * @param emulatorRates    calls/s offered straight to the emulator, lower first (default 300,1000,2000,4000: up to
 *                         1,000 within Tencent's 200/s per API, then beyond)
 * @param emulatorDuration one rate run of the emulator suite
 * @param roleSyncRateWarmup after the pipeline warm-up, one unmeasured run of role-sync at each of its higher rates
 *                         (default 10 s each): the measured paths (batches of many commands, permit waits) are
 *                         compiled before round 1, which the 20/s warm-up alone left cold (zero: none)
 */
record BenchSettings(Duration warmup, Duration duration, int rounds, int connections, double rate, Duration latencyDuration,
                     Set<String> suites, Duration pipelineWarmup, Duration pipelineDuration, Duration pipelineDrain,
                     int pipelineRounds, List<Double> roleSyncRates, List<Double> noticeRates, List<Double> emulatorRates,
                     Duration emulatorDuration, Duration roleSyncRateWarmup) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Duration.ofSeconds(Long.getLong("bench.warmup", 90)),
                Duration.ofSeconds(Long.getLong("bench.duration", 10)),
                Integer.getInteger("bench.rounds", 3),
                Integer.getInteger("bench.connections", 64),
                Double.parseDouble(System.getProperty("bench.rate", "2000")),
                Duration.ofSeconds(Long.getLong("bench.latency-duration", 20)),
                Set.of(System.getProperty("bench.suites", "ingest,emulator,role-sync,spam-wave,notices,mute,moderation").split(",")),
                Duration.ofSeconds(Long.getLong("bench.pipeline-warmup", 30)),
                Duration.ofSeconds(Long.getLong("bench.pipeline-duration", 15)),
                Duration.ofSeconds(Long.getLong("bench.pipeline-drain", 60)),
                Integer.getInteger("bench.pipeline-rounds", 2),
                rates(System.getProperty("bench.role-sync-rates", "20,200,1000")),
                rates(System.getProperty("bench.notice-rates", "100,1000")),
                rates(System.getProperty("bench.emulator-rates", "300,1000,2000,4000")),
                Duration.ofSeconds(Long.getLong("bench.emulator-duration", 5)),
                Duration.ofSeconds(Long.getLong("bench.role-sync-rate-warmup", 10)));
    }

    private static List<Double> rates(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Double::parseDouble).sorted().toList();
    }
}
