package io.roomsync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.ingest.domain.SendVerdict;
import io.roomsync.moderation.rules.ContentVerdict;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Before-send verdict (architecture, section 5): decided here, from the local replica of the moderation policy,
 * never by asking another service, because Tencent waits at most 2 s and then delivers anyway. Messages sent
 * through the REST API come from the app's own backend and are allowed; a member's message carrying roomsync's notice
 * marker (a custom element described {@code roomsync.*}, a forged notice) is refused whatever the room's policy,
 * loaded or not; while the replica has not loaded, every other message is allowed (fail open) and counted, as Tencent
 * would do on a timeout. The verdict is decided before the
 * event is published and travels on it ({@code GroupMessage.verdict}): moderation records exactly that verdict, and
 * any sanction, so the audit says what Tencent was told even when the policy changed before moderation got to it.
 */
public class BeforeSendModeration {

    private static final Logger log = LoggerFactory.getLogger(BeforeSendModeration.class);
    private static final byte[] ALLOW = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes(StandardCharsets.UTF_8);

    private final PolicyBook policies;
    private final BooleanSupplier loaded;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    /**
     * One verdict: what the event carries for the audit, and Tencent's answer.
     *
     * @param carried what Tencent is told, for {@code GroupMessage.verdict}
     * @param answer  Tencent's answer, UTF-8 JSON (reference, sections 1.4-1.5)
     */
    public record Verdict(AnsweredVerdict carried, byte[] answer) {
    }

    public BeforeSendModeration(PolicyBook policies, BooleanSupplier loaded, MeterRegistry meters) {
        this.policies = policies;
        this.loaded = loaded;
        this.meters = meters;
        this.latency = Timer.builder("roomsync.ingest.verdict.latency").description("Time to decide a Before-send verdict")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * The verdict on a Before-send message, null for any other event. Never throws: a verdict that fails (a fault in
     * the rules) allows the message, as Tencent does when the verdict does not come in time, and says so
     * ({@code verdict-failed}).
     */
    public final Verdict judge(ImEvent event) {
        if (!SendVerdict.COMMAND.equals(event.getCommand()) || !(event.getPayload() instanceof GroupMessage message)) {
            return null;
        }
        try {
            return decide(event, message);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("Before-send verdict for event {} failed; the message is allowed", event.getId(), e);
            return allow("verdict-failed");
        }
    }

    /** The verdict on {@code message}, the payload of the Before-send {@code event}; may throw on a fault in the rules. */
    protected Verdict decide(ImEvent event, GroupMessage message) {
        if ("RESTAPI".equals(event.getPlatform())) {
            return allow("backend");
        }
        String marker = SendVerdict.noticeMarker(message);
        if (marker != null) {
            counter("reject", SendVerdict.NOTICE_RULE).increment();
            return new Verdict(SendVerdict.refusedNotice(marker), SendVerdict.noticeRefusal());
        }
        if (!loaded.getAsBoolean()) {
            return allow("policy-not-loaded");
        }
        RoomRules rules = policies.rulesFor(event.getSdkAppId(), event.getRoom());
        if (rules == null) {
            return allow("no-policy");
        }
        long started = System.nanoTime();
        SendVerdict.Answer answer = SendVerdict.judge(rules, message);
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        ContentVerdict verdict = answer.verdict();
        counter(verdict.kind().name().toLowerCase(Locale.ROOT), verdict.allowed() ? "none" : verdict.rule()).increment();
        return new Verdict(answer.carried(), answer.body());
    }

    /** Allows without judging; {@code why} is the counter's rule tag and the carried verdict's evidence. */
    private Verdict allow(String why) {
        counter("allow", why).increment();
        return new Verdict(SendVerdict.allowedWithoutJudging(why), ALLOW.clone());
    }

    private Counter counter(String verdict, String rule) {
        return verdicts.computeIfAbsent(verdict + "/" + rule, k -> Counter.builder("roomsync.ingest.verdicts")
                .tag("verdict", verdict).tag("rule", rule)
                .description("Before-send verdicts, by verdict and the rule (or reason) that decided").register(meters));
    }
}
