package io.roomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * notice-dispatch end to end against the emulator: member state changes published at a fixed rate over 50 rooms (as
 * role-sync publishes them; every change visible: mute, unmute), and the time from a change published to Tencent
 * accepting the notice that carries it, or a newer version of the member (the emulator's After-send callback, through
 * ingest, says when). Also the messages sent per change: how much coalescing saved.
 */
final class NoticeSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROOMS = 50;
    private static final int MEMBERS_PER_ROOM = 200;
    private static final String ROOM_PREFIX = "bench_n";

    private final BenchSettings settings;
    private final BenchKafka kafka;
    /** Per member (app/room/user), the versions published and not yet noticed: {version, published at}. */
    private final Map<String, Deque<long[]>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final RoomSeconds roomSeconds = new RoomSeconds();
    /** notice-dispatch's {@code room-rate-per-second} default, which the bench's stack runs with. */
    private static final int ROOM_BUDGET = 5;

    NoticeSuite(BenchSettings settings, BenchKafka kafka, EmulatorControl emulator) {
        this.settings = settings;
        this.kafka = kafka;
        for (int r = 0; r < ROOMS; r++) {
            emulator.createRoom(room(r));
            emulator.join(room(r), List.of("viewer"));
        }
    }

    Report run() throws InterruptedException {
        int busiestOverall = 0;
        Report report = new Report("notice-dispatch: state change published -> notice accepted by Tencent (" + ROOMS
                + " rooms, " + ROOMS * MEMBERS_PER_ROOM + " members)", Report.Kind.PIPELINE);
        try (KafkaProducer<String, Object> producer = kafka.producer();
             KafkaConsumer<String, Object> events = kafka.consumerFromNow(Topic.IM_EVENTS.defaultName())) {
            events.poll(Duration.ofSeconds(2));
            System.out.printf("notices: warming up at 100 changes/s for %d s%n", settings.pipelineWarmup().toSeconds());
            run(producer, events, 100, settings.pipelineWarmup());
            for (int round = 1; round <= settings.pipelineRounds(); round++) {
                for (double rate : settings.noticeRates()) {
                    messages.set(0);
                    roomSeconds.clear();
                    Pipeline.Result result = run(producer, events, rate, settings.pipelineDuration());
                    double perMessage = messages.get() == 0 ? 0 : (double) result.completed() / messages.get();
                    int busiest = roomSeconds.busiest();
                    busiestOverall = Math.max(busiestOverall, busiest);
                    report.pipelineRow(round, result, String.format("%d msgs, %.1f changes/msg, busiest room-second %d msgs",
                            messages.get(), perMessage, busiest));
                    System.out.printf("notices: round %d at %.0f/s: %d of %d noticed, p50 %d ms, p99 %d ms, %d messages, "
                                    + "busiest room-second %d%n", round, rate, result.completed(), result.offered(),
                            (long) result.percentile(50), (long) result.percentile(99), messages.get(), busiest);
                }
            }
        }
        report.pipelineSummary("notice-dispatch", "changes", "state -> notice (notice-dispatch)");
        report.note(String.format("notice-dispatch: busiest room-second %d messages accepted by Tencent (any 1,000 ms, "
                + "every round), room budget %d: %s", busiestOverall, ROOM_BUDGET, busiestOverall <= ROOM_BUDGET ? "MET" : "NOT MET"));
        return report;
    }

    private Pipeline.Result run(KafkaProducer<String, Object> producer, KafkaConsumer<String, Object> events, double rate,
                                Duration duration) throws InterruptedException {
        pending.clear();
        return Pipeline.run(producer, events, rate, duration, settings.pipelineDrain(), n -> change(), this::match,
                offered -> offered.intValue());
    }

    private ProducerRecord<String, Object> change() {
        long g = sequence.getAndIncrement();
        int member = (int) (g % (ROOMS * MEMBERS_PER_ROOM));
        String room = room(member % ROOMS);
        String user = "m" + member / ROOMS;
        String key = Keys.member(RoleSyncSuite.APP, room, user);
        long version = versions.merge(key, 1L, Long::sum);
        Instant now = Instant.now();
        MemberState state = MemberState.newBuilder().setSdkAppId(RoleSyncSuite.APP).setRoom(room).setMember(user)
                .setRole(MemberRole.MEMBER).setMutedUntil(version % 2 == 1 ? now.plusSeconds(3600) : null).setPresent(true)
                .setVersion(version).setCause("bench-" + g).setCauseKind(ChangeCause.COMMAND).setChangedAt(now).build();
        pending.computeIfAbsent(key, k -> new ArrayDeque<>());
        Deque<long[]> queue = pending.get(key);
        synchronized (queue) {
            queue.addLast(new long[] {version, now.toEpochMilli()});
        }
        return new ProducerRecord<>(Topic.MEMBER_STATE.defaultName(), key, state);
    }

    /** A notice accepted by Tencent completes every version of its members up to the one it carries. */
    private int match(ConsumerRecord<String, Object> record, long nowMillis, Histogram latency) {
        if (!(record.value() instanceof ImEvent event) || !"Group.CallbackAfterSendMsg".equals(event.getCommand())
                || !(event.getPayload() instanceof GroupMessage message) || event.getEventTime() == null
                || event.getRoom() == null || !event.getRoom().startsWith(ROOM_PREFIX)) {
            return 0;
        }
        long accepted = event.getEventTime().toEpochMilli();
        int completed = 0;
        for (MessageElement element : message.getBody()) {
            JsonNode notice = notice(element);
            if (notice == null) {
                continue;
            }
            messages.incrementAndGet();
            roomSeconds.record(event.getRoom(), accepted);
            JsonNode members = notice.has("members") ? notice.get("members") : JSON.createArrayNode().add(notice);
            for (JsonNode member : members) {
                Deque<long[]> queue = pending.get(Keys.member(RoleSyncSuite.APP, event.getRoom(), member.path("user").asText()));
                if (queue == null) {
                    continue;
                }
                synchronized (queue) {
                    while (!queue.isEmpty() && queue.peekFirst()[0] <= member.path("version").asLong()) {
                        latency.recordValue(Math.max(0, accepted - queue.pollFirst()[1]));
                        completed++;
                    }
                }
            }
        }
        return completed;
    }

    private static JsonNode notice(MessageElement element) {
        if (!"TIMCustomElem".equals(element.getType())) {
            return null;
        }
        try {
            JsonNode content = JSON.readTree(element.getContent());
            if (!"roomsync.member.state".equals(content.path("Desc").asText())) {
                return null;
            }
            return JSON.readTree(content.path("Data").asText());
        } catch (IOException e) {
            return null;
        }
    }

    private static String room(int r) {
        return ROOM_PREFIX + r;
    }
}
