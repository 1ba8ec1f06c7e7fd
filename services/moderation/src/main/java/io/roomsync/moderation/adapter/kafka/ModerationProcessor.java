package io.roomsync.moderation.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Keys;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.moderation.domain.Moderator;
import io.roomsync.moderation.domain.RecallOutcome;
import io.roomsync.moderation.rules.Conduct;
import io.roomsync.moderation.rules.MemberConduct;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.PolicyCheck;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of moderation: message events, the room's admins (member states re-keyed by room) and messages
 * found in an app-wide spam wave (back from {@link AppWaveProcessor}, with its header) meet here.
 * The memory (each member's conduct, who sent which text) lives in state stores backed by changelog topics, and is
 * pruned each minute of what no rule window can still need. Recalls go to Tencent from here; commands and decisions
 * go downstream, exactly once with the memory that produced them.
 */
final class ModerationProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String CONDUCT = "member-conduct";
    static final String SENDERS = "text-senders";
    static final String EXEMPT = "exempt-members";

    private static final Logger log = LoggerFactory.getLogger(ModerationProcessor.class);
    private static final long LONGEST_WINDOW_MILLIS = PolicyCheck.MAX_WINDOW_SECONDS * 1000L;
    private static final long LONGEST_MEMORY_MILLIS = Duration.ofDays(30).toMillis();

    private final Moderator moderator;
    private final PolicyBook policies;
    private final BooleanSupplier policiesLoaded;
    private final TimClient tencent;
    private final TimApps apps;
    private final MeterRegistry meters;
    private final Counter notLoaded;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> conduct;
    private KeyValueStore<String, byte[]> senders;
    private KeyValueStore<String, String> exempt;

    ModerationProcessor(Moderator moderator, PolicyBook policies, BooleanSupplier policiesLoaded, TimClient tencent,
                        TimApps apps, MeterRegistry meters) {
        this.moderator = moderator;
        this.policies = policies;
        this.policiesLoaded = policiesLoaded;
        this.tencent = tencent;
        this.apps = apps;
        this.meters = meters;
        this.notLoaded = Counter.builder("roomsync.moderation.policy.not-loaded")
                .description("Messages judged before the policy replica had loaded (rules known so far applied)").register(meters);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.conduct = context.getStateStore(CONDUCT);
        this.senders = context.getStateStore(SENDERS);
        this.exempt = context.getStateStore(EXEMPT);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::prune);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof MemberState state) {
            String key = Keys.member(state.getSdkAppId(), state.getRoom(), state.getMember());
            if (state.getRole() == MemberRole.ADMIN || state.getRole() == MemberRole.OWNER) {
                exempt.put(key, state.getRole().name());
            } else {
                exempt.delete(key);
            }
            return;
        }
        if (!(record.value() instanceof ImEvent event)) {
            return;
        }
        if (moderator.onRoomEnd(event, memory())) {
            return;
        }
        if (!policiesLoaded.getAsBoolean()) {
            notLoaded.increment();
        }
        Instant now = Moderator.momentOf(event);
        var rules = policies.rulesFor(event.getSdkAppId(), event.getRoom());
        Header wave = record.headers().lastHeader(AppWaveProcessor.WAVE);
        Moderator.Outcome outcome = wave == null ? moderator.onMessage(event, rules, memory(), now)
                : moderator.onAppWave(event, new String(wave.value(), java.nio.charset.StandardCharsets.UTF_8), rules, memory(), now);
        if (outcome.isNone()) {
            return;
        }
        if (outcome.recallSeq() != null) {
            recall(event, outcome.recallSeq(), outcome.decision().getRule());
        }
        String key = Keys.room(event.getRoom());
        if (outcome.command() != null) {
            context.forward(new Record<>(key, outcome.command(), record.timestamp()));
        }
        context.forward(new Record<>(key, outcome.decision(), record.timestamp()));
        Counter.builder("roomsync.moderation.decisions").tag("rule", outcome.decision().getRule())
                .tag("verdict", outcome.decision().getVerdict().name().toLowerCase(java.util.Locale.ROOT))
                .tag("action", outcome.decision().getAction().name().toLowerCase(java.util.Locale.ROOT))
                .description("Moderation decisions, by rule, message verdict and sanction").register(meters).increment();
    }

    /** Recalls a delivered message; a failure is counted and logged, the decision stands (the sanction still counts). */
    private void recall(ImEvent event, long msgSeq, String rule) {
        String outcome;
        try {
            int code = tencent.recall(apps.get(event.getSdkAppId()), event.getRoom(), List.of(msgSeq), "moderation: " + rule)
                    .stream().findFirst().map(r -> r.retCode()).orElse(0);
            outcome = RecallOutcome.of(code);
        } catch (TimException e) {
            outcome = "failed";
            log.warn("recall of message {} in {} failed: {} {}", msgSeq, event.getRoom(), e.errorCode(), e.errorInfo());
        }
        Counter.builder("roomsync.moderation.recalls").tag("outcome", outcome)
                .description("Recalls of delivered messages, by outcome").register(meters).increment();
    }

    private Moderator.Memory memory() {
        return new Moderator.Memory() {
            @Override
            public MemberConduct conduct(String memberKey) {
                return MemoryCodec.conduct(conduct.get(memberKey));
            }

            @Override
            public void remember(String memberKey, MemberConduct value) {
                conduct.put(memberKey, MemoryCodec.conduct(value));
            }

            @Override
            public List<Conduct.WaveSender> senders(String textKey) {
                return MemoryCodec.senders(senders.get(textKey));
            }

            @Override
            public void rememberSenders(String textKey, List<Conduct.WaveSender> value) {
                senders.put(textKey, MemoryCodec.senders(value));
            }

            @Override
            public boolean isExempt(String memberKey) {
                return exempt.get(memberKey) != null;
            }

            @Override
            public void forgetRoom(long sdkAppId, String room, Instant endedAt) {
                // Conduct keys are member keys, text-sender keys app/room/fingerprint: both under the room's prefix.
                // Changes go through the stores, so their changelogs get the new values and tombstones.
                String prefix = Keys.memberPrefix(sdkAppId, room);
                long end = endedAt.toEpochMilli();
                rewriteByPrefix(conduct, prefix, value -> {
                    MemberConduct since = MemoryCodec.conduct(value).since(end);
                    return since.isEmpty() ? null : MemoryCodec.conduct(since);
                });
                rewriteByPrefix(senders, prefix, value -> {
                    List<Conduct.WaveSender> since = MemoryCodec.senders(value).stream()
                            .filter(sender -> sender.at() >= end).toList();
                    return since.isEmpty() ? null : MemoryCodec.senders(since);
                });
            }
        };
    }

    /**
     * Rewrites every entry whose key starts with {@code prefix} to what {@code rewrite} makes of its value (null:
     * deleted); unchanged values are not written again.
     */
    private static void rewriteByPrefix(KeyValueStore<String, byte[]> store, String prefix,
                                        java.util.function.UnaryOperator<byte[]> rewrite) {
        List<KeyValue<String, byte[]>> changes = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(prefix, new StringSerializer())) {
            all.forEachRemaining(entry -> {
                byte[] after = rewrite.apply(entry.value);
                if (after == null || !java.util.Arrays.equals(after, entry.value)) {
                    changes.add(KeyValue.pair(entry.key, after));
                }
            });
        }
        changes.forEach(change -> store.put(change.key, change.value));
    }

    /** Forgets what no window can still need: texts and messages past the longest window, offences past 30 days. */
    private void prune(long now) {
        List<KeyValue<String, byte[]>> changes = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = conduct.all()) {
            all.forEachRemaining(entry -> {
                MemberConduct before = MemoryCodec.conduct(entry.value);
                MemberConduct after = new MemberConduct(
                        before.messageTimes().stream().filter(at -> at > now - LONGEST_WINDOW_MILLIS).toList(),
                        before.texts().stream().filter(text -> text.at() > now - LONGEST_WINDOW_MILLIS).toList(),
                        before.offences().stream().filter(at -> at > now - LONGEST_MEMORY_MILLIS).toList());
                if (!after.equals(before)) {
                    changes.add(KeyValue.pair(entry.key, after.isEmpty() ? null : MemoryCodec.conduct(after)));
                }
            });
        }
        changes.forEach(change -> conduct.put(change.key, change.value));
        MemoryCodec.pruneSenders(senders, now, LONGEST_WINDOW_MILLIS);
    }
}
