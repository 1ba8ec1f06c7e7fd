package io.roomsync.fuzz;

/**
 * ingest's callback counters from its Prometheus page (README, "Observability"), each summed over its tags:
 * {@code roomsync_ingest_callbacks_received_total}, {@code _published_total} and {@code _rejected_total}.
 * Every received callback is either published or rejected, so between two readings the received ones equal the
 * published plus the rejected.
 */
public record IngestCounters(double received, double published, double rejected) {

    static final String RECEIVED = "roomsync_ingest_callbacks_received_total";
    static final String PUBLISHED = "roomsync_ingest_callbacks_published_total";
    static final String REJECTED = "roomsync_ingest_callbacks_rejected_total";

    /** The sums in a Prometheus text exposition; a counter not there yet counts 0. */
    public static IngestCounters parse(String exposition) {
        double received = 0;
        double published = 0;
        double rejected = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            received += value(line, RECEIVED);
            published += value(line, PUBLISHED);
            rejected += value(line, REJECTED);
        }
        return new IngestCounters(received, published, rejected);
    }

    private static double value(String line, String name) {
        if (!line.startsWith(name) || line.length() == name.length()
                || (line.charAt(name.length()) != '{' && line.charAt(name.length()) != ' ')) {
            return 0;
        }
        // name{labels} value [timestamp]: the value is the first token after the labels.
        String rest = line.substring(line.charAt(name.length()) == '{' ? line.lastIndexOf('}') + 1 : name.length()).trim();
        return Double.parseDouble(rest.split(" ")[0]);
    }

    /** What happened between {@code before} and this reading. */
    public IngestCounters since(IngestCounters before) {
        return new IngestCounters(received - before.received, published - before.published, rejected - before.rejected);
    }

    /** received = published + rejected. */
    public boolean balanced() {
        return received == published + rejected;
    }
}
