package io.roomsync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.ingest.domain.Callback;
import io.roomsync.ingest.domain.CallbackCheck;
import io.roomsync.ingest.domain.CallbackParser;
import io.roomsync.ingest.domain.Intake;
import io.roomsync.ingest.domain.Rejection;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One callback from arrival to answer, in the order of the architecture (section 5): the app and the signature from
 * the query, then the body size, then its JSON, then the Before-send verdict, then publishing. A callback counts as
 * accepted only once Kafka acknowledged its event within the publish timeout; every refusal is counted by reason and
 * logged (at most one line per reason every ten seconds, never a secret).
 */
public class CallbackIntake {

    private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final CallbackCheck check;
    private final CallbackParser parser;
    private final EventPublisher publisher;
    private final BeforeSendModeration moderation;
    private final Duration publishTimeout;
    private final int maxBodyBytes;
    private final MeterRegistry meters;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final Map<Rejection, long[]> lastLogged = new ConcurrentHashMap<>();
    private final Timer publishLatency;
    private final Map<String, CommandCounters> byCommand = new ConcurrentHashMap<>();

    /** The per-command counters, registered once per command tag (a registry lookup per callback costs). */
    private record CommandCounters(Counter received, Counter published) {
    }

    /**
     * @param moderation the Before-send verdict; null when it is off ({@code roomsync.ingest.before-send-verdict=false}):
     *                   every callback is then answered with the plain OK and its event carries no verdict
     */
    public CallbackIntake(CallbackCheck check, CallbackParser parser, EventPublisher publisher, BeforeSendModeration moderation,
                          Duration publishTimeout, int maxBodyBytes, MeterRegistry meters) {
        this.check = check;
        this.parser = parser;
        this.publisher = publisher;
        this.moderation = moderation;
        this.publishTimeout = publishTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.meters = meters;
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, Counter.builder("roomsync.ingest.callbacks.rejected").tag("reason", reason.tag())
                    .description("Callbacks refused, by reason").register(meters));
        }
        publishLatency = Timer.builder("roomsync.ingest.publish.latency")
                .description("From callback received to Kafka acknowledged").publishPercentileHistogram()
                .register(meters);
    }

    /** Reads the request body: its bytes, or null when it is larger than {@code limit}. */
    @FunctionalInterface
    public interface BodyReader {
        byte[] read(int limit) throws IOException;
    }

    /**
     * The outcome once known: the accepted event, or the refusal. {@code arrived} carries the query parameters only;
     * the body is read after the app and the signature passed, so a stranger's body is never read.
     *
     * <p>Total: every call counts one callback received and ends in exactly one of published or refused (a body that
     * cannot be read is {@code unreadable-body}, a fault of ingest's own {@code internal-error}, a publisher that
     * throws {@code publish-failed}), so received = published + rejected always holds. The future never fails.
     */
    public CompletableFuture<Intake> handle(Callback arrived, BodyReader bodyReader) {
        countersOf(arrived.command()).received().increment();
        Optional<Rejection> refused = check.check(arrived);
        if (refused.isPresent()) {
            return refused(arrived, new Intake.Refused(refused.get()));
        }
        byte[] body;
        try {
            body = bodyReader.read(maxBodyBytes);
        } catch (IOException e) {
            return refused(arrived, new Intake.Refused(Rejection.UNREADABLE_BODY,
                    Rejection.UNREADABLE_BODY.description() + ": " + e.getClass().getSimpleName()));
        }
        if (body == null) {
            return refused(arrived, new Intake.Refused(Rejection.BODY_TOO_LARGE, "request body exceeds " + maxBodyBytes + " bytes"));
        }
        Callback callback = new Callback(arrived.sdkAppId(), arrived.command(), arrived.sign(), arrived.requestTime(),
                arrived.clientIp(), arrived.optPlatform(), body, arrived.receivedAt());
        Intake intake;
        try {
            intake = parser.parse(callback);
            if (intake instanceof Intake.Accepted parsed) {
                intake = judged(parsed);
            }
        } catch (RuntimeException e) {
            log.error("callback {} could not be parsed or judged: a fault of ingest's, not of the input",
                    printable(callback.command()), e);
            return refused(callback, new Intake.Refused(Rejection.INTERNAL_ERROR));
        }
        if (intake instanceof Intake.Refused refusal) {
            return refused(callback, refusal);
        }
        return publish(callback, (Intake.Accepted) intake);
    }

    /**
     * Counts a callback that was refused before its query could be read (such as {@code malformed-query}): received
     * under the command tag {@code other}, and rejected with {@code refusal}'s reason.
     */
    public Intake refuseUnread(Callback arrived, Intake.Refused refusal) {
        countersOf(arrived.command()).received().increment();
        return refuse(arrived, refusal);
    }

    /**
     * A Before-send message is judged before it is published, and its event carries the verdict, so that moderation
     * audits what Tencent is told rather than judging again later under a policy that may have changed. Judging costs
     * microseconds before the wait for Kafka's acknowledgement (milliseconds); the answer is given only once Kafka
     * acknowledged, as for every callback.
     */
    private Intake.Accepted judged(Intake.Accepted parsed) {
        BeforeSendModeration.Verdict verdict = moderation == null ? null : moderation.judge(parsed.event());
        if (verdict == null) {
            return parsed;
        }
        ImEvent event = parsed.event();
        GroupMessage message = GroupMessage.newBuilder((GroupMessage) event.getPayload()).setVerdict(verdict.carried()).build();
        return new Intake.Accepted(parsed.key(), ImEvent.newBuilder(event).setPayload(message).build(), verdict.answer());
    }

    private CompletableFuture<Intake> publish(Callback callback, Intake.Accepted accepted) {
        long started = System.nanoTime();
        CompletableFuture<?> acknowledged;
        try {
            acknowledged = publisher.publish(accepted.key(), accepted.event());
        } catch (RuntimeException e) {
            // A producer may throw before the send is under way (serialisation, a closed producer): not accepted.
            acknowledged = CompletableFuture.failedFuture(e);
        }
        return acknowledged
                .orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, failure) -> {
                    if (failure != null) {
                        log.warn("callback {} (event {}, room {}) not accepted: {}", accepted.event().getCommand(),
                                accepted.event().getId(), accepted.key(), rootMessage(failure));
                        return refuse(callback, new Intake.Refused(Rejection.PUBLISH_FAILED));
                    }
                    publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    countersOf(accepted.event().getCommand()).published().increment();
                    return accepted;
                });
    }

    private CompletableFuture<Intake> refused(Callback callback, Intake.Refused refusal) {
        return CompletableFuture.completedFuture(refuse(callback, refusal));
    }

    private CommandCounters countersOf(String command) {
        return byCommand.computeIfAbsent(CallbackParser.commandTag(command), tag -> new CommandCounters(
                Counter.builder("roomsync.ingest.callbacks.received").tag("command", tag)
                        .description("Callbacks received, by command (unknown commands as other)").register(meters),
                Counter.builder("roomsync.ingest.callbacks.published").tag("command", tag)
                        .description("Callbacks published to Kafka and acknowledged, by command").register(meters)));
    }

    /** Records a refusal: a count, and a log line unless this reason logged within the last ten seconds. */
    Intake refuse(Callback callback, Intake.Refused refusal) {
        rejected.get(refusal.reason()).increment();
        long[] last = lastLogged.computeIfAbsent(refusal.reason(), r -> new long[] {System.nanoTime() - LOG_EVERY_NANOS});
        long now = System.nanoTime();
        synchronized (last) {
            if (now - last[0] >= LOG_EVERY_NANOS) {
                last[0] = now;
                log.warn("refused callback: {} ({}) app={} command={} clientIp={}; repeats of this reason are counted "
                                + "in roomsync_ingest_callbacks_rejected_total, logged at most every 10 s",
                        refusal.reason().tag(), refusal.detail(), printable(callback.sdkAppId()),
                        printable(callback.command()), printable(callback.clientIp()));
            }
        }
        return refusal;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Query values go to the log as sent, cut short and stripped of control characters (no log injection). */
    private static String printable(String value) {
        if (value == null) {
            return "-";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
