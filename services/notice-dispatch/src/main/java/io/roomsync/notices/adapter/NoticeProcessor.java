package io.roomsync.notices.adapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomsync.contract.Keys;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import io.roomsync.notices.domain.CallSlots;
import io.roomsync.notices.domain.Dispatcher;
import io.roomsync.notices.domain.NoticeGateway;
import io.roomsync.notices.domain.SnapshotQueue;
import io.roomsync.support.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams side of the {@link Dispatcher}: member states and notices, re-keyed by room so a room's inputs
 * meet in one task, are handed to it as they arrive (a tombstone, a member removed with its destroyed room, as
 * {@link Dispatcher#onRemoved}), and the room's next call starts at once if the room is idle (the leading edge); a
 * wall-clock tick ({@code tick}) starts what became due and rewrites snapshots, and a slower one
 * ({@code sweep-interval}) forgets what no longer matters ({@link Dispatcher#sweep}).
 *
 * <p>Tencent calls run on the Tencent client's threads; the ends they report are applied on this task's stream thread,
 * at the start of every record and of every tick ({@link Dispatcher#applyCompleted}), so what they write to the stores
 * and the dead letters they forward are part of the task's exactly-once transaction. When the task closes (a rebalance
 * moves it, or the process stops) the ends of its calls still in flight are dropped; the rooms' pending records still
 * hold what those calls carried, and the task's next owner sends it again (Tencent delivers a repeated
 * {@code Random} once). Messages that cannot be delivered are forwarded to the dead-letter topic with the reason in a
 * header.
 */
final class NoticeProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(NoticeProcessor.class);

    private final NoticeGateway tencent;
    private final CallSlots slots;
    private final SnapshotQueue snapshotQueue;
    private final Dispatcher.Settings settings;
    private final Duration dedupeWindow;
    private final Duration tick;
    private final Duration sweepInterval;
    private final MeterRegistry meters;
    private final String noticesTopic;
    private ProcessorContext<String, SpecificRecord> context;
    private Dispatcher dispatcher;

    /** @param noticesTopic the notices topic, whose {@code .dlq} twin receives the messages given up */
    NoticeProcessor(NoticeGateway tencent, CallSlots slots, SnapshotQueue snapshotQueue, Dispatcher.Settings settings, Duration dedupeWindow,
                    Duration tick, Duration sweepInterval, MeterRegistry meters, String noticesTopic) {
        this.noticesTopic = noticesTopic;
        this.tencent = tencent;
        this.slots = slots;
        this.snapshotQueue = snapshotQueue;
        this.settings = settings;
        this.dedupeWindow = dedupeWindow;
        this.tick = tick;
        this.sweepInterval = sweepInterval;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        StreamsRooms rooms = new StreamsRooms(context.getStateStore(StreamsRooms.PENDING), context.getStateStore(StreamsRooms.NOTIFIED),
                context.getStateStore(StreamsRooms.MEMBERS), context.getStateStore(StreamsRooms.SNAPSHOTS),
                context.getStateStore(StreamsRooms.SEEN), context.getStateStore(StreamsRooms.PROGRAMMES), dedupeWindow);
        dispatcher = new Dispatcher(rooms, tencent, new Metrics(), settings, slots, snapshotQueue,
                System::currentTimeMillis);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            dispatcher.flush(now);
            dispatcher.snapshots(now);
        });
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, now -> Counter.builder("roomsync.notices.forgotten")
                .description("Notified versions forgotten as no longer needed (members neither notable nor waiting)")
                .register(meters).increment(dispatcher.sweep(now)));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = System.currentTimeMillis();
        dispatcher.applyCompleted(now);
        if (record.value() instanceof MemberState state) {
            dispatcher.onState(state, now);
            dispatcher.flushRoom(Keys.appRoom(state.getSdkAppId(), state.getRoom()), now);
        } else if (record.value() instanceof Notice notice) {
            dispatcher.onNotice(notice, now);
            dispatcher.flushRoom(Keys.appRoom(notice.getSdkAppId(), notice.getRoom()), now);
        } else if (record.value() != null) {
            log.warn("ignoring a record of type {}", record.value().getClass().getName());
        } else {
            ByRoom.removedMember(record).ifPresent(member -> dispatcher.onRemoved(member.sdkAppId(), member.groupId(), member.userId()));
        }
    }

    @Override
    public void close() {
        dispatcher.close();
    }

    /**
     * Counts a dead letter notice-dispatch wrote to {@code topic}'s {@code .dlq} twin (a message given up, or a record
     * it could not decode): {@code roomsync_notices_dead_lettered_total{topic}}.
     */
    static void countDeadLetter(MeterRegistry meters, String topic) {
        Counter.builder("roomsync.notices.dead.lettered").tag("topic", topic)
                .description("Messages given up and records not decodable, sent to a dead-letter topic, by source topic")
                .register(meters).increment();
    }

    /** The dispatcher's counters and dead letters. */
    private final class Metrics implements Dispatcher.Outcomes {
        @Override
        public void sent(int messages, int members, List<Long> latenciesMillis) {
            counter("roomsync.notices.sent", "Messages Tencent accepted").increment(messages);
            if (members > 1) {
                counter("roomsync.notices.coalesced", "Member states that shared a message with others").increment(members - 1);
            }
            Timer latency = Timer.builder("roomsync.notices.latency")
                    .description("From the state change (role-sync) to Tencent accepting the notice").publishPercentileHistogram()
                    .register(meters);
            latenciesMillis.forEach(ms -> latency.record(Math.max(0, ms), TimeUnit.MILLISECONDS));
        }

        @Override
        public void superseded(int entries) {
            counter("roomsync.notices.superseded", "Pending states dropped for a newer version of the member").increment(entries);
        }

        @Override
        public void unchanged() {
            counter("roomsync.notices.unchanged", "Member state changes clients need not hear of (role, mute and ban as they were)").increment();
        }

        @Override
        public void retried(String roomKey, int code) {
            Counter.builder("roomsync.notices.retried").tag("code", Integer.toString(code))
                    .description("Failed sends or snapshot writes that will be retried").register(meters).increment();
        }

        @Override
        public void deadLettered(Notice notice, String reason) {
            countDeadLetter(meters, noticesTopic);
            log.warn("notice {} of room {} given up: {}", notice.getId(), notice.getRoom(), reason);
            // The dispatcher gives a message up only when Tencent failed it (NoticeGateway.Failed) for good or too often.
            RecordHeaders headers = new RecordHeaders();
            DeadLetters.describe(headers, context.applicationId(), NoticeGateway.Failed.class.getName(), reason);
            context.forward(new Record<>(notice.getRoom(), notice, System.currentTimeMillis(), headers));
        }

        @Override
        public void snapshotWritten(String roomKey) {
            counter("roomsync.notices.snapshots", "Room snapshots written to group attributes").increment();
        }

        @Override
        public void snapshotDeferred(String reason) {
            Counter.builder("roomsync.notices.snapshots.deferred").tag("reason", reason)
                    .description("Due room snapshots that had to wait for a later tick, each counted once: for the app's"
                            + " attribute writes (budget) or a call slot (slots)")
                    .register(meters).increment();
        }

        @Override
        public void started(List<Long> waitedMillis) {
            Timer wait = Timer.builder("roomsync.notices.wait")
                    .description("From the change (or the notice's creation) to the start of the first Tencent call carrying it")
                    .publishPercentileHistogram().register(meters);
            waitedMillis.forEach(ms -> wait.record(Math.max(0, ms), TimeUnit.MILLISECONDS));
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).register(meters);
        }
    }
}
