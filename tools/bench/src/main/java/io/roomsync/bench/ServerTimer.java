package io.roomsync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own timer, read from its Prometheus endpoint: count, mean, p99 (from the histogram buckets, summed over
 * the timer's tags) and max; or what it recorded between two reads ({@link #since}).
 */
final class ServerTimer {

    private static final Pattern LINE = Pattern.compile("^(\\w+?)(_bucket|_count|_sum|_max)(\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The timer's cumulative values at one read (seconds; buckets by upper bound, cumulative). */
    record Snapshot(double count, double sum, double max, Map<Double, Double> buckets) {

        /** What was recorded after {@code before}: count, mean and p99 bucket bound (no max: it is not cumulative). */
        String since(Snapshot before, String unit) {
            Map<Double, Double> delta = new TreeMap<>();
            buckets.forEach((bound, value) -> delta.put(bound, value - before.buckets.getOrDefault(bound, 0.0)));
            double n = count - before.count;
            return String.format("%.0f %s, mean %.1f ms, p99 <= %.1f ms (bucket bound)", n, unit,
                    n == 0 ? 0 : (sum - before.sum) / n * 1000, p99(delta, n) * 1000);
        }
    }

    private ServerTimer() {
    }

    static String describe(int port, String name) {
        Snapshot timer = read(port, name);
        if (timer == null) {
            return "not readable";
        }
        return String.format("%.0f verdicts, mean %.3f ms, p99 <= %.3f ms (bucket bound), max %.3f ms", timer.count(),
                timer.count() == 0 ? 0 : timer.sum() / timer.count() * 1000, p99(timer.buckets(), timer.count()) * 1000,
                timer.max() * 1000);
    }

    /**
     * The counter {@code name} (Prometheus name, with its {@code _total}) now, summed over the series whose labels
     * include {@code label} (e.g. {@code cause="no_permit_free"}); NaN when the endpoint cannot be read.
     */
    static double counter(int port, String name, String label) {
        try {
            double total = 0;
            for (String line : scrape(port).split("\\n")) {
                if (line.startsWith(name + "{") && line.contains(label)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The timer {@code name} (Prometheus name, without suffix) now; null when the endpoint cannot be read. */
    static Snapshot read(int port, String name) {
        try {
            String body = scrape(port);
            double count = 0;
            double sum = 0;
            double max = 0;
            Map<Double, Double> buckets = new TreeMap<>();
            for (String line : body.split("\\n")) {
                Matcher matcher = LINE.matcher(line);
                if (!matcher.matches() || !matcher.group(1).equals(name)) {
                    continue;
                }
                double value = Double.parseDouble(matcher.group(4));
                switch (matcher.group(2)) {
                    case "_count" -> count += value;
                    case "_sum" -> sum += value;
                    case "_max" -> max = Math.max(max, value);
                    default -> {
                        Matcher le = LE.matcher(matcher.group(3));
                        if (le.find() && !le.group(1).equals("+Inf")) {
                            buckets.merge(Double.parseDouble(le.group(1)), value, Double::sum);
                        }
                    }
                }
            }
            return new Snapshot(count, sum, max, buckets);
        } catch (Exception e) {
            return null;
        }
    }

    private static double p99(Map<Double, Double> cumulativeBuckets, double count) {
        for (Map.Entry<Double, Double> bucket : cumulativeBuckets.entrySet()) {
            if (count > 0 && bucket.getValue() >= 0.99 * count) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }
}
