package io.roomsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ingest against a bare endpoint of the same server (same checks and parsing, nothing published), side by side in
 * one run: closed-loop throughput in interleaved rounds, then latency at a fixed rate, open loop.
 */
final class IngestSuite {

    static final String CALLBACK = "/tencent-im/callback";
    static final String BARE = "/bench/tencent-im/callback";

    private final BenchSettings settings;
    private final int port;

    IngestSuite(BenchSettings settings, int port) {
        this.settings = settings;
        this.port = port;
    }

    Report run() throws InterruptedException {
        Report report = new Report("ingest vs bare endpoint (" + settings.connections() + " connections, "
                + "AfterSendMsg callbacks of " + CallbackLoad.body(0).length + " bytes)", Report.Kind.THROUGHPUT);
        warmUp();
        List<Double> ratios = new ArrayList<>();
        List<Double> ingestRates = new ArrayList<>();
        List<Double> bareRates = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            LoadRun.Result ingest = closedLoop("ingest", CALLBACK, settings.duration());
            LoadRun.Result bare = closedLoop("bare", BARE, settings.duration());
            double ratio = ingest.perSecond() / bare.perSecond();
            ratios.add(ratio);
            ingestRates.add(ingest.perSecond());
            bareRates.add(bare.perSecond());
            report.throughputRow(round, ingest, bare, ratio);
            System.out.printf("ingest: round %d: ingest %.0f/s, bare %.0f/s, ratio %.2f%n", round, ingest.perSecond(),
                    bare.perSecond(), ratio);
        }
        double ratio = report.ratioSummary("ingest / bare throughput", ratios, 0.5);
        report.headline("ingest vs bare endpoint", String.format("%.0f callbacks/s", Report.median(ingestRates)),
                String.format("bare endpoint %.0f/s", Report.median(bareRates)), ratio,
                ">= 0.50 " + (ratio >= 0.5 ? "MET" : "NOT MET"));
        LoadRun.Result ingestAtRate = openLoop("ingest", CALLBACK);
        LoadRun.Result bareAtRate = openLoop("bare", BARE);
        report.latencyRows(settings.rate(), List.of(ingestAtRate, bareAtRate), 50.0);
        return report;
    }

    /**
     * Loads both endpoints until the JIT has settled: on two shared cores C2 keeps compiling for minutes, and a
     * comparison made before that measures the compiler. Settled means two consecutive 5 s windows of the slower path
     * within 5% of each other, after at least the configured warm-up; never more than four times it.
     */
    private void warmUp() throws InterruptedException {
        long started = System.nanoTime();
        long minimum = settings.warmup().toNanos();
        double previous = 0;
        while (true) {
            LoadRun.Result ingest = closedLoop("warmup", CALLBACK, Duration.ofSeconds(5));
            closedLoop("warmup", BARE, Duration.ofSeconds(5));
            long elapsed = System.nanoTime() - started;
            boolean settled = previous > 0 && Math.abs(ingest.perSecond() - previous) / previous < 0.05;
            System.out.printf("ingest: warming up, %d s: ingest %.0f/s%n", elapsed / 1_000_000_000L, ingest.perSecond());
            if ((elapsed >= minimum && settled) || elapsed >= 4 * minimum) {
                return;
            }
            previous = ingest.perSecond();
        }
    }

    private LoadRun.Result closedLoop(String label, String path, Duration duration) throws InterruptedException {
        return LoadRun.run(label, "127.0.0.1", port, settings.connections(), 0, duration, new CallbackLoad(path));
    }

    private LoadRun.Result openLoop(String label, String path) throws InterruptedException {
        System.out.printf("ingest: %s at %.0f callbacks/s for %d s%n", label, settings.rate(), settings.latencyDuration().toSeconds());
        return LoadRun.run(label, "127.0.0.1", port, settings.connections(), settings.rate(), settings.latencyDuration(),
                new CallbackLoad(path));
    }
}
