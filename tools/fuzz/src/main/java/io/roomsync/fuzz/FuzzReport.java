package io.roomsync.fuzz;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run found: counts by family and status, the checks made afterwards, and every failure with its request,
 * answer and the invariant it broke. {@link #passed()} is the suite's verdict.
 */
public final class FuzzReport {

    /**
     * One broken invariant.
     *
     * @param request the request, or null for a check of the whole system afterwards
     * @param answer  its answer, or null
     * @param broken  which invariant and how
     */
    public record Failure(FuzzRequest request, Answer answer, Broken broken) {
        /** The kind the report groups by: the invariant, and the family of the request. */
        public String kind() {
            return broken.invariant() + " / " + (request == null ? "afterwards" : request.family()
                    + (request.family().equals("http") ? " " + request.service().id() : ""));
        }
    }

    /** Tencent waits 2 s for a callback's answer, then gives up (for Before-send: delivers the message anyway). */
    private static final long TENCENT_TIMEOUT_NANOS = 2_000_000_000L;

    private final long seed;
    private final int requested;
    private final Map<String, Integer> byFamily = new TreeMap<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Map.Entry<FuzzRequest, Answer>> slowest = new ArrayList<>();
    private int sent;
    private int fiveHundreds;
    private int pastTencentTimeout;
    private Duration elapsed = Duration.ZERO;
    private IngestCounters counters;
    private EventLedger.Result ledger;

    FuzzReport(long seed, int requested) {
        this.seed = seed;
        this.requested = requested;
    }

    void record(FuzzRequest request, Answer answer, List<Broken> broken) {
        sent++;
        byFamily.merge(request.family(), 1, Integer::sum);
        byStatus.merge(answer.status() == 0 ? "no answer" : Integer.toString(answer.status()), 1, Integer::sum);
        if (answer.status() >= 500) {
            fiveHundreds++;
        }
        if (request.callbackEdge() && answer.elapsedNanos() > TENCENT_TIMEOUT_NANOS) {
            pastTencentTimeout++;
        }
        if (!broken.isEmpty()) {
            // One failure per request, the most severe (the checks come in that order); the others are named with it.
            Broken first = broken.get(0);
            String others = broken.stream().skip(1).map(Broken::invariant).distinct().reduce((a, b) -> a + ", " + b)
                    .map(list -> " (also " + list + ")").orElse("");
            failures.add(new Failure(request, answer, new Broken(first.invariant(), first.detail() + others)));
        }
        slowest.add(Map.entry(request, answer));
        slowest.sort(Comparator.comparingLong((Map.Entry<FuzzRequest, Answer> e) -> e.getValue().elapsedNanos()).reversed());
        if (slowest.size() > 5) {
            slowest.remove(5);
        }
    }

    void fail(Broken broken) {
        failures.add(new Failure(null, null, broken));
    }

    void note(String line) {
        notes.add(line);
    }

    void counters(IngestCounters delta) {
        this.counters = delta;
    }

    void ledger(EventLedger.Result result) {
        this.ledger = result;
    }

    void elapsed(Duration elapsed) {
        this.elapsed = elapsed;
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public int sent() {
        return sent;
    }

    public int fiveHundreds() {
        return fiveHundreds;
    }

    public IngestCounters counters() {
        return counters;
    }

    public EventLedger.Result ledger() {
        return ledger;
    }

    /** The failures by kind, in order of first appearance. */
    public Map<String, List<Failure>> kinds() {
        Map<String, List<Failure>> kinds = new LinkedHashMap<>();
        failures.forEach(failure -> kinds.computeIfAbsent(failure.kind(), k -> new ArrayList<>()).add(failure));
        return kinds;
    }

    /** The counts, the checks afterwards, and for each kind of failure its count and {@code examples} requests. */
    public void print(PrintStream out, int examples) {
        out.printf("fuzz: seed %d, %d requests generated, %d sent (with setup and canary) in %d s%n", seed, requested, sent,
                elapsed.toSeconds());
        out.println("  by family: " + byFamily);
        out.println("  by status: " + byStatus);
        out.println("  5xx: " + fiveHundreds);
        if (counters != null) {
            out.printf("  ingest: received %.0f = published %.0f + rejected %.0f: %s%n", counters.received(),
                    counters.published(), counters.rejected(), counters.balanced() ? "yes" : "NO");
        }
        if (ledger != null) {
            out.printf("  %s: %d events for %d accepted callbacks; %d missing, %d surplus, %d late after a 503, %d of other clients%n",
                    io.roomsync.contract.Topic.IM_EVENTS.defaultName(), ledger.onTopic(), ledger.accepted(),
                    ledger.missing().size(), ledger.surplus().size(), ledger.lateAfter503(), ledger.foreign());
        }
        notes.forEach(note -> out.println("  " + note));
        // Shown, not judged: a wall-clock threshold would make the verdict depend on the machine's load.
        out.println("  callbacks answered after Tencent's 2 s timeout: " + pastTencentTimeout + " (timing is shown, not judged)");
        out.println("  slowest answers:");
        slowest.forEach(e -> out.printf("    %5d ms  #%d %s%n", e.getValue().elapsedNanos() / 1_000_000, e.getKey().index(),
                e.getKey().mutation()));
        if (failures.isEmpty()) {
            out.println("PASSED: every answer documented, no 5xx, every service ready, received = published + rejected, "
                    + "the topic holds exactly the accepted callbacks");
            return;
        }
        Map<String, List<Failure>> kinds = kinds();
        out.printf("FAILED: %d failures of %d kinds%n", failures.size(), kinds.size());
        kinds.forEach((kind, list) -> {
            out.printf("%n[%s] %d%n", kind, list.size());
            list.stream().limit(examples).forEach(failure -> out.print(describe(failure)));
            if (list.size() > examples) {
                Map<String, Integer> mutations = new TreeMap<>();
                list.stream().skip(examples).forEach(f -> mutations.merge(f.request() == null ? f.broken().detail()
                        : f.request().mutation(), 1, Integer::sum));
                out.println("    and: " + mutations);
            }
        });
    }

    /** Every failure in full, one block each. */
    public void printAll(PrintStream out) {
        failures.forEach(failure -> out.print(describe(failure)));
    }

    static String describe(Failure failure) {
        StringBuilder text = new StringBuilder();
        FuzzRequest request = failure.request();
        if (request == null) {
            return "  - " + failure.broken().invariant() + ": " + failure.broken().detail() + "\n";
        }
        text.append(String.format("  - #%d %s: %s%n", request.index(), request.family(), request.mutation()));
        text.append(String.format("      request: %s %s %s%n", request.method(), Printable.cut(request.target(), 240), request.service().id()));
        for (FuzzRequest.Header header : request.headers()) {
            text.append(String.format("      header:  %s: %s%n", header.name(), Printable.cut(header.value(), 120)));
        }
        text.append(String.format("      body:    %d bytes %s%n", request.body().length, Printable.bytes(request.body(), 240)));
        Answer answer = failure.answer();
        text.append(answer.failure() != null ? String.format("      answer:  none (%s)%n", answer.failure())
                : String.format("      answer:  %d %s%n", answer.status(), Printable.bytes(answer.body(), 300)));
        text.append(String.format("      broke:   %s: %s%n", failure.broken().invariant(), failure.broken().detail()));
        return text.toString();
    }
}
