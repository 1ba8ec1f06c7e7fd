package io.roomsync.bench;

import java.time.Duration;

/**
 * How long and how hard to measure.
 *
 * @param warmup          least load before measuring: on two shared cores the JIT needs minutes to settle
 * @param duration        one closed-loop run
 * @param rounds          closed-loop rounds, alternating the compared endpoints
 * @param connections     concurrent connections
 * @param rate            requests/s of the open-loop latency runs
 * @param latencyDuration one open-loop run
 */
record BenchSettings(Duration warmup, Duration duration, int rounds, int connections, double rate, Duration latencyDuration) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Duration.ofSeconds(Long.getLong("bench.warmup", 90)),
                Duration.ofSeconds(Long.getLong("bench.duration", 10)),
                Integer.getInteger("bench.rounds", 3),
                Integer.getInteger("bench.connections", 64),
                Double.parseDouble(System.getProperty("bench.rate", "2000")),
                Duration.ofSeconds(Long.getLong("bench.latency-duration", 20)));
    }
}
