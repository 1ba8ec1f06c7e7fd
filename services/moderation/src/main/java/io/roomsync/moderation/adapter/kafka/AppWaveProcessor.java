package io.roomsync.moderation.adapter.kafka;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.moderation.domain.Moderator;
import io.roomsync.moderation.rules.Conduct;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.PolicyCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * App-wide spam waves: delivered messages re-keyed by their text's fingerprint ({@code sdkAppId/fingerprint}), so one
 * task sees every room's copies of a text. A message that makes its text a wave goes back, keyed by its room and
 * marked with the {@link #WAVE} header (the evidence), to the room's moderation task, which recalls and sanctions.
 */
final class AppWaveProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String SENDERS = "app-text-senders";
    static final String WAVE = "roomsync-app-wave";
    private static final long LONGEST_WINDOW_MILLIS = PolicyCheck.MAX_WINDOW_SECONDS * 1000L;

    private final PolicyBook policies;
    private final Counter texts;
    private final Counter waves;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> senders;

    AppWaveProcessor(PolicyBook policies, MeterRegistry meters) {
        this.policies = policies;
        this.texts = Counter.builder("roomsync.moderation.app-wave.texts")
                .description("Delivered texts checked for app-wide spam waves").register(meters);
        this.waves = Counter.builder("roomsync.moderation.app-wave.found")
                .description("Messages found in an app-wide spam wave, sent back to their room").register(meters);
    }

    /** The key of a message's text, app-wide; null when no app-wide wave can concern it. */
    static String textKey(SpecificRecord value, PolicyBook policies) {
        if (!(value instanceof ImEvent event) || !(event.getPayload() instanceof io.roomsync.contract.im.GroupMessage message)
                || !Moderator.AFTER_SEND.equals(event.getCommand())) {
            return null;
        }
        var appDefault = policies.rulesFor(event.getSdkAppId(), Keys.APP_DEFAULT_ROOM);
        String compact = Moderator.compactText(message);
        if (appDefault == null || appDefault.policy().getWaveMembers() <= 0 || compact.length() < Conduct.MIN_REPEATED_LENGTH) {
            return null;
        }
        return Keys.of(Long.toString(event.getSdkAppId()), Integer.toString(Conduct.fingerprint(compact)));
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.senders = context.getStateStore(SENDERS);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::prune);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof ImEvent event)) {
            return;
        }
        texts.increment();
        Instant now = Moderator.momentOf(event);
        Conduct.Wave wave = Moderator.appWave(event, policies.rulesFor(event.getSdkAppId(), Keys.APP_DEFAULT_ROOM),
                MemoryCodec.senders(senders.get(record.key())), now);
        if (!wave.senders().isEmpty()) {
            senders.put(record.key(), MemoryCodec.senders(wave.senders()));
        }
        wave.finding().ifPresent(finding -> {
            waves.increment();
            RecordHeaders headers = new RecordHeaders();
            headers.add(WAVE, finding.evidence().getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(Keys.room(event.getRoom()), event, record.timestamp(), headers));
        });
    }

    private void prune(long now) {
        MemoryCodec.pruneSenders(senders, now, LONGEST_WINDOW_MILLIS);
    }
}
