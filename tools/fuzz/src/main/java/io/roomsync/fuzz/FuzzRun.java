package io.roomsync.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One fuzz run against a running system: set the policies of the run's callback rooms, send {@code count}
 * generated requests one after another and check each answer ({@link Invariants}), then check the system:
 * moderation still judges (a canary policy is applied by ingest's Before-send verdict), every service is ready,
 * ingest's counters balance (received = published + rejected) and {@code roomsync.im-events.v1} holds exactly the
 * accepted callbacks. The policies the run set are deleted at the end.
 */
public final class FuzzRun {

    /**
     * @param count     how many requests to generate
     * @param seed      the seed; the same seed gives the same requests
     * @param exclusive nothing else sends callbacks meanwhile, so ingest's published count must equal the callbacks
     *                  this run saw accepted (true in the test; false on a shared {@code make run} stack)
     * @param timeout   longest wait for one answer
     * @param canaryWait longest wait for ingest to apply the canary policy (documented: within a second)
     */
    public record Options(int count, long seed, boolean exclusive, Duration timeout, Duration canaryWait) {
        public static Options of(int count, long seed, boolean exclusive) {
            return new Options(count, seed, exclusive, Duration.ofSeconds(20), Duration.ofSeconds(15));
        }
    }

    /** The system is not there to fuzz: ingest's metrics do not answer. */
    public static final class Unreachable extends IllegalStateException {
        Unreachable(String message) {
            super(message);
        }
    }

    /** The answer the canary's Before-send must get once its policy is applied. */
    static final int CANARY_CODE = 10150;
    private static final String CANARY_TERM = "fuzzcanary";

    private final FuzzTarget target;
    private final Options options;
    private final RawHttp http;
    private final Generator generator;
    private final FuzzReport report;
    private final Map<String, Integer> acceptedIds = new HashMap<>();
    private final Set<String> refusedIds = new HashSet<>();
    private final Set<String> failedIds = new HashSet<>();
    private final Set<String> policyPaths = new LinkedHashSet<>();
    private long acceptedCallbacks;
    private int extraIndex;

    private FuzzRun(FuzzTarget target, Options options) {
        this.target = target;
        this.options = options;
        this.http = new RawHttp(target.host(), options.timeout());
        this.generator = new Generator(options.seed(), target, () -> System.currentTimeMillis() / 1000);
        this.report = new FuzzReport(options.seed(), options.count());
        this.extraIndex = options.count();
    }

    /**
     * Runs the suite; {@code progress} gets a line every thousand requests.
     *
     * @throws Unreachable when ingest does not answer before the run
     */
    public static FuzzReport run(FuzzTarget target, Options options, PrintStream progress) {
        return new FuzzRun(target, options).run(progress);
    }

    private FuzzReport run(PrintStream progress) {
        long started = System.nanoTime();
        IngestCounters before = counters();
        long windowStart = System.currentTimeMillis() - 1000;
        setVerdictPolicies();
        for (int i = 0; i < options.count(); i++) {
            send(generator.generate(i));
            if ((i + 1) % 1000 == 0) {
                progress.printf("fuzz: %d of %d sent, %d failures so far%n", i + 1, options.count(), report.failures().size());
            }
        }
        canary();
        policyPaths.forEach(path -> send(request("cleanup", "DELETE " + path, Service.MODERATION, "DELETE", path, new byte[0])));
        for (Service service : Service.values()) {
            ready(service);
        }
        IngestCounters delta = counters().since(before);
        report.counters(delta);
        if (!delta.balanced()) {
            report.fail(new Broken("counters", String.format("ingest received %.0f callbacks but published %.0f and rejected %.0f",
                    delta.received(), delta.published(), delta.rejected())));
        }
        if (options.exclusive() && delta.published() != acceptedCallbacks) {
            report.fail(new Broken("counters", String.format("ingest counted %.0f published callbacks, the run saw %d accepted",
                    delta.published(), acceptedCallbacks)));
        }
        EventLedger.Result ledger = EventLedger.compare(acceptedIds, refusedIds, failedIds,
                EventLedger.eventsSince(target.kafka(), target.registry(), windowStart));
        report.ledger(ledger);
        ledger.missing().stream().limit(20).forEach(id -> report.fail(new Broken("ledger", "accepted callback not on the topic: " + id)));
        ledger.surplus().stream().limit(20).forEach(id -> report.fail(new Broken("ledger", "event on the topic more often than accepted: " + id)));
        report.elapsed(Duration.ofNanos(System.nanoTime() - started));
        return report;
    }

    /** Policies on the callback rooms, so Before-send callbacks meet every content rule. */
    private void setVerdictPolicies() {
        List<String> rooms = Generator.verdictRooms(options.seed());
        String[] policies = {"{\"blockContacts\":true}", "{\"blockLinks\":true,\"allowedDomains\":[\"example.com\"]}",
                "{\"bannedTerms\":[\"scam\"],\"bannedTermAction\":\"REJECT\"}", "{\"bannedTerms\":[\"scam\",\"代开发票\"],\"maxLength\":2000}"};
        for (int i = 0; i < rooms.size(); i++) {
            String path = "/v1/policies/" + rooms.get(i);
            Answer answer = send(request("setup", "policy of callback room " + rooms.get(i), Service.MODERATION, "PUT", path,
                    policies[i].getBytes(StandardCharsets.UTF_8)));
            if (answer.status() != 200) {
                report.fail(new Broken("setup", "could not set the policy of " + rooms.get(i) + ": " + answer.status()));
            }
        }
    }

    /**
     * Does moderation still judge? A policy that rejects a term, then a Before-send with it, tried until ingest
     * answers with the policy's code (documented: applied within a second) or {@code canaryWait} has passed.
     */
    private void canary() {
        String room = Generator.roomPrefix(options.seed()) + "-canary";
        String path = "/v1/policies/" + room;
        send(request("canary", "canary policy", Service.MODERATION, "PUT", path,
                ("{\"bannedTerms\":[\"" + CANARY_TERM + "\"],\"bannedTermAction\":\"REJECT\",\"rejectCode\":" + CANARY_CODE + "}")
                        .getBytes(StandardCharsets.UTF_8)));
        long deadline = System.nanoTime() + options.canaryWait().toNanos();
        int tries = 0;
        Integer code = null;
        while (System.nanoTime() < deadline) {
            tries++;
            Answer answer = send(generator.beforeSend(extraIndex++, room, "this is " + CANARY_TERM + " number " + tries));
            JsonNode body = Invariants.json(answer.body());
            code = body == null || !body.path("ErrorCode").isInt() ? null : body.path("ErrorCode").intValue();
            if (code != null && code == CANARY_CODE) {
                report.note("policy canary: ingest rejected the banned term with " + CANARY_CODE + " (try " + tries + ")");
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        report.fail(new Broken("canary", "moderation silenced: " + options.canaryWait().toSeconds() + " s after its policy was "
                + "accepted, ingest still answers a Before-send with the banned term with ErrorCode " + code + " (" + tries + " tries)"));
    }

    private void ready(Service service) {
        Answer answer = http.send(request("check", "readiness", service, "GET", "/actuator/health/readiness", new byte[0]),
                target.managementPort(service));
        JsonNode body = Invariants.json(answer.body());
        String status = body == null ? null : body.path("status").asText(null);
        report.note("readiness " + service.id() + ": " + (answer.status() == 0 ? answer.failure() : answer.status() + " " + status));
        if (answer.status() != 200 || !"UP".equals(status)) {
            report.fail(new Broken("not-ready", service.id() + " is not ready after the run: "
                    + (answer.status() == 0 ? answer.failure() : answer.status() + " " + Printable.bytes(answer.body(), 300))));
        }
    }

    private IngestCounters counters() {
        Answer answer = http.send(request("check", "metrics", Service.INGEST, "GET", "/actuator/prometheus", new byte[0]),
                target.managementPort(Service.INGEST));
        if (answer.status() != 200) {
            throw new Unreachable("ingest at " + target.host() + ":" + target.managementPort(Service.INGEST) + " does not answer "
                    + "/actuator/prometheus (" + (answer.status() == 0 ? answer.failure() : "HTTP " + answer.status())
                    + "): start the system (make run) or name its ports");
        }
        return IngestCounters.parse(new String(answer.body(), StandardCharsets.UTF_8));
    }

    private Answer send(FuzzRequest request) {
        Answer answer = http.send(request, target.port(request.service()));
        report.record(request, answer, Invariants.check(request, answer));
        // Only a POST is a callback: a 200 to OPTIONS or GET on the callback path publishes nothing.
        boolean callback = request.callbackEdge() && request.method().equals("POST");
        if (callback && request.eventId() != null) {
            if (answer.status() == 200) {
                acceptedCallbacks++;
                acceptedIds.merge(request.eventId(), 1, Integer::sum);
            } else if (answer.status() == 503) {
                failedIds.add(request.eventId());
            } else {
                refusedIds.add(request.eventId());
            }
        } else if (callback && answer.status() == 200) {
            acceptedCallbacks++;
            report.fail(new Broken("ledger", "#" + request.index() + " was accepted though it names no command"));
        }
        if (request.service() == Service.MODERATION && request.method().equals("PUT") && answer.status() == 200) {
            policyPaths.add(request.path());
        }
        return answer;
    }

    private FuzzRequest request(String family, String what, Service service, String method, String path, byte[] body) {
        List<FuzzRequest.Header> headers = body.length == 0 ? List.of()
                : List.of(new FuzzRequest.Header("Content-Type", "application/json"));
        return new FuzzRequest(extraIndex++, family, what, service, method, path, headers, body, false, null, null);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
