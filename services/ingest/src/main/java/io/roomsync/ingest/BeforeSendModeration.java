package io.roomsync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.ingest.domain.SendVerdict;
import io.roomsync.moderation.rules.ContentVerdict;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The Before-send verdict (architecture, section 5): decided here, from the local replica of the moderation policy,
 * never by asking another service, because Tencent waits at most 2 s and then delivers anyway. Messages sent
 * through the REST API come from the app's own backend and are allowed; while the replica has not loaded, every
 * message is allowed (fail open) and counted, as Tencent would do on a timeout. moderation sees the same message
 * event and records the decision and any sanction; ingest only answers Tencent.
 */
public class BeforeSendModeration {

    private static final String ALLOW = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}";

    private final PolicyBook policies;
    private final BooleanSupplier loaded;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    public BeforeSendModeration(PolicyBook policies, BooleanSupplier loaded, MeterRegistry meters) {
        this.policies = policies;
        this.loaded = loaded;
        this.meters = meters;
        this.latency = Timer.builder("roomsync.ingest.verdict.latency").description("Time to decide a Before-send verdict")
                .publishPercentileHistogram().register(meters);
    }

    /** Tencent's answer to an accepted callback: the verdict for a Before-send message, null for anything else. */
    public byte[] answer(ImEvent event) {
        if (!SendVerdict.COMMAND.equals(event.getCommand())
                || !(event.getPayload() instanceof GroupMessage message)) {
            return null;
        }
        if ("RESTAPI".equals(event.getPlatform())) {
            return count("allow", "backend");
        }
        if (!loaded.getAsBoolean()) {
            return count("allow", "policy-not-loaded");
        }
        RoomRules rules = policies.rulesFor(event.getSdkAppId(), event.getRoom());
        if (rules == null) {
            return count("allow", "no-policy");
        }
        long started = System.nanoTime();
        SendVerdict.Answer answer = SendVerdict.judge(rules, message);
        latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        ContentVerdict verdict = answer.verdict();
        counter(verdict.kind().name().toLowerCase(java.util.Locale.ROOT), verdict.allowed() ? "none" : verdict.rule()).increment();
        return answer.body();
    }

    private byte[] count(String verdict, String reason) {
        counter(verdict, reason).increment();
        return ALLOW.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Counter counter(String verdict, String rule) {
        return verdicts.computeIfAbsent(verdict + "/" + rule, k -> Counter.builder("roomsync.ingest.verdicts")
                .tag("verdict", verdict).tag("rule", rule)
                .description("Before-send verdicts, by verdict and the rule (or reason) that decided").register(meters));
    }
}
