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

/** A service's own timer, read from its Prometheus endpoint: count, mean, p99 (from the histogram buckets) and max. */
final class ServerTimer {

    private static final Pattern LINE = Pattern.compile("^(\\w+?)(_bucket|_count|_sum|_max)(\\{[^}]*\\})? ([0-9.eE+-]+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    private ServerTimer() {
    }

    static String describe(int port, String name) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double count = 0;
            double sum = 0;
            double max = 0;
            Map<Double, Double> buckets = new TreeMap<>();
            for (String line : response.body().split("\\n")) {
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
            double p99 = Double.NaN;
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (bucket.getValue() >= 0.99 * count) {
                    p99 = bucket.getKey();
                    break;
                }
            }
            return String.format("%.0f verdicts, mean %.3f ms, p99 <= %.3f ms (bucket bound), max %.3f ms", count,
                    count == 0 ? 0 : sum / count * 1000, p99 * 1000, max * 1000);
        } catch (Exception e) {
            return "not readable: " + e.getMessage();
        }
    }
}
