package io.roomsync.bench;

import java.util.ArrayList;
import java.util.List;

/** A benchmark's results as text tables: every run, the median ratio, and each target met or not. */
final class Report {

    private final String title;
    private final List<String> lines = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    Report(String title) {
        this.title = title;
        lines.add(String.format("  %-6s %14s %14s %8s", "round", "measured/s", "baseline/s", "ratio"));
    }

    void throughputRow(int round, LoadRun.Result measured, LoadRun.Result baseline, double ratio) {
        lines.add(String.format("  %-6d %14.0f %14.0f %8.2f%s", round, measured.perSecond(), baseline.perSecond(), ratio,
                measured.errors() + baseline.errors() > 0
                        ? "   errors: " + measured.errors() + " / " + baseline.errors() : ""));
    }

    void ratioSummary(String what, List<Double> ratios, double target) {
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        String line = String.format("%s: median %.2f (runs %s), target >= %.2f: %s", what, median,
                ratios.stream().map(r -> String.format("%.2f", r)).toList(), target, median >= target ? "MET" : "NOT MET");
        lines.add("  " + line);
        summary.add(line);
    }

    void latencyRows(double rate, List<LoadRun.Result> results, double p99TargetMillis) {
        lines.add(String.format("  latency at %.0f requests/s, open loop (ms):", rate));
        lines.add(String.format("  %-8s %9s %8s %8s %8s %8s %8s %8s", "", "achieved", "p50", "p90", "p99", "p99.9", "max", "errors"));
        for (LoadRun.Result result : results) {
            lines.add(String.format("  %-8s %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8d", result.label(), result.perSecond(),
                    result.percentileMillis(50), result.percentileMillis(90), result.percentileMillis(99),
                    result.percentileMillis(99.9), result.latencyMicros().getMaxValue() / 1000.0, result.errors()));
        }
        LoadRun.Result first = results.get(0);
        String line = String.format("%s p99 at %.0f/s: %.2f ms, target < %.0f ms: %s", first.label(), rate,
                first.percentileMillis(99), p99TargetMillis, first.percentileMillis(99) < p99TargetMillis ? "MET" : "NOT MET");
        lines.add("  " + line);
        summary.add(line);
    }

    String render() {
        return "== " + title + "\n" + String.join("\n", lines);
    }

    List<String> summary() {
        return summary;
    }
}
