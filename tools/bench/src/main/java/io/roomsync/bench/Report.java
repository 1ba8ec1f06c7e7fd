package io.roomsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A benchmark's results as text tables: every run, medians and ratios, and each target met or not. */
final class Report {

    /**
     * What the rows are: closed-loop rounds of two endpoints, open-loop runs through a pipeline at set rates, or
     * notes only.
     */
    enum Kind { THROUGHPUT, PIPELINE, NOTES }

    private final String title;
    private final List<String> lines = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private final Map<Double, List<Pipeline.Result>> byRate = new TreeMap<>();
    private final List<Headline> headlines = new ArrayList<>();

    /**
     * One row of {@code make bench}'s summary table: what is measured, its number, what it was measured side by side
     * with in the same run, the ratio of the two, and the target (or "-").
     */
    record Headline(String measure, String measured, String sideBySide, double ratio, String target) {
    }

    /** All rows of the summary table, under the machine's core count. */
    static String table(List<Report> reports) {
        List<Headline> rows = reports.stream().flatMap(report -> report.headlines.stream()).toList();
        StringBuilder table = new StringBuilder(String.format("== summary table (one run, %d cores)%n",
                Runtime.getRuntime().availableProcessors()));
        String format = "  %-34s %-30s %-34s %7s  %s%n";
        table.append(String.format(format, "measure", "measured", "side by side with", "ratio", "target"));
        for (Headline row : rows) {
            table.append(String.format(format, row.measure(), row.measured(), row.sideBySide(),
                    String.format("%.2f", row.ratio()), row.target()));
        }
        return table.toString();
    }

    void headline(String measure, String measured, String sideBySide, double ratio, String target) {
        headlines.add(new Headline(measure, measured, sideBySide, ratio, target));
    }

    Report(String title, Kind kind) {
        this.title = title;
        if (kind == Kind.NOTES) {
            return;
        }
        lines.add(kind == Kind.THROUGHPUT
                ? String.format("  %-6s %14s %14s %8s", "round", "measured/s", "baseline/s", "ratio")
                : String.format("  %-6s %7s %8s %9s %10s %8s %8s %8s %8s  %s", "round", "rate/s", "inputs", "outcomes",
                        "achieved/s", "p50 ms", "p90 ms", "p99 ms", "max ms", ""));
    }

    void throughputRow(int round, LoadRun.Result measured, LoadRun.Result baseline, double ratio) {
        lines.add(String.format("  %-6d %14.0f %14.0f %8.2f%s", round, measured.perSecond(), baseline.perSecond(), ratio,
                measured.errors() + baseline.errors() > 0
                        ? "   errors: " + measured.errors() + " / " + baseline.errors() : ""));
    }

    /** The median of the ratios, with the runs, and against {@code target} when there is one (null: none). */
    double ratioSummary(String what, List<Double> ratios, Double target) {
        double median = median(ratios);
        String line = String.format("%s: median %.2f (runs %s)", what, median, ratios.stream().map(r -> String.format("%.2f", r)).toList())
                + (target == null ? "" : String.format(", target >= %.2f: %s", target, median >= target ? "MET" : "NOT MET"));
        lines.add("  " + line);
        summary.add(line);
        return median;
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

    /**
     * Open-loop rows of a case and its baseline in the last round, and what the case adds at p99 against a target,
     * judged on the median over rounds (one round alone is noise on a small machine; the summary table judges the
     * same median).
     */
    void addedLatencyRows(double rate, LoadRun.Result lastMeasured, LoadRun.Result lastBaseline, List<Double> addedPerRound,
                          double addedP99TargetMillis) {
        lines.add(String.format("  latency at %.0f requests/s, open loop, last round (ms):", rate));
        lines.add(String.format("  %-8s %9s %8s %8s %8s %8s %8s", "", "achieved", "p50", "p90", "p99", "p99.9", "errors"));
        for (LoadRun.Result result : List.of(lastMeasured, lastBaseline)) {
            lines.add(String.format("  %-8s %9.0f %8.2f %8.2f %8.2f %8.2f %8d", result.label(), result.perSecond(),
                    result.percentileMillis(50), result.percentileMillis(90), result.percentileMillis(99),
                    result.percentileMillis(99.9), result.errors()));
        }
        double added = median(addedPerRound);
        String line = String.format("%s adds %.2f ms at p99 over %s at %.0f/s (median of %d rounds: %s), target < %.0f ms: %s",
                lastMeasured.label(), added, lastBaseline.label(), rate, addedPerRound.size(),
                addedPerRound.stream().map(a -> String.format("%.2f", a)).toList(), addedP99TargetMillis,
                added < addedP99TargetMillis ? "MET" : "NOT MET");
        lines.add("  " + line);
        summary.add(line);
    }

    /** A line of context under the suite's table (the machine, the emulator's capacity), not in the summary. */
    void context(String line) {
        lines.add("  " + line);
    }

    /** A plain line, in the table and the summary. */
    void note(String line) {
        lines.add("  " + line);
        summary.add(line);
    }

    void pipelineRow(int round, Pipeline.Result result, String note) {
        byRate.computeIfAbsent(result.rate(), r -> new ArrayList<>()).add(result);
        lines.add(String.format("  %-6d %7.0f %8d %9d %10.0f %8d %8d %8d %8d  %s", round, result.rate(), result.offered(),
                result.completed(), result.achievedPerSecond(), (long) result.percentile(50), (long) result.percentile(90),
                (long) result.percentile(99), result.latencyMillis().getMaxValue(), note == null ? "" : note));
    }

    /**
     * Per rate: the median over rounds of p50, p99 and of achieved/offered; then the p99 of the highest rate over that
     * of the lowest (how latency holds up under ten times the load, measured side by side).
     */
    void pipelineSummary(String what, String unit, String measure) {
        List<Double> rates = new ArrayList<>(byRate.keySet());
        for (double rate : rates) {
            List<Pipeline.Result> runs = byRate.get(rate);
            double delivered = median(runs.stream().map(r -> r.completed() / (double) Math.max(1, r.offered())).toList());
            double keptUp = median(runs.stream().map(r -> r.achievedPerSecond() / rate).toList());
            String line = String.format("%s at %.0f %s/s: p50 %.0f ms, p99 %.0f ms (median of %d), completed %.3f of inputs, "
                            + "achieved/offered %.2f", what, rate, unit, median(runs.stream().map(r -> r.percentile(50)).toList()),
                    median(runs.stream().map(r -> r.percentile(99)).toList()), runs.size(), delivered, keptUp);
            lines.add("  " + line);
            summary.add(line);
        }
        if (rates.size() > 1) {
            double low = median(byRate.get(rates.get(0)).stream().map(r -> r.percentile(99)).toList());
            double high = median(byRate.get(rates.get(rates.size() - 1)).stream().map(r -> r.percentile(99)).toList());
            String line = String.format("%s p99 at %.0f/s over p99 at %.0f/s: %.2f", what, rates.get(rates.size() - 1),
                    rates.get(0), high / Math.max(1, low));
            lines.add("  " + line);
            summary.add(line);
            headline(measure, String.format("p99 %.0f ms at %.0f/s", low, rates.get(0)),
                    String.format("p99 %.0f ms at %.0f/s", high, rates.get(rates.size() - 1)), high / Math.max(1, low), "-");
        }
    }

    String render() {
        return "== " + title + "\n" + String.join("\n", lines);
    }

    List<String> summary() {
        return summary;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
