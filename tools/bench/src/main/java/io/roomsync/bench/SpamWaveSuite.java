package io.roomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.contract.Topic;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.scenario.ClientView;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A spam wave (issue 13): one live room with {@value #VIEWERS} viewers online, {@value #MUTED} of whom moderation
 * mutes within one second: {@value #MUTED} single-member MUTE commands of 10 minutes, published evenly over the
 * second, each with its own request time, as moderation publishes its sanctions. Measured from the first command:
 * until Tencent (the emulator) has all of them muted, until role-sync has published all their member states, and
 * until every online client of the room has been told (its notices, applied as a client applies them, show all of
 * them muted); with the Tencent calls ({@code forbid_send_msg}, every attempt) and the messages it took. The emulator
 * delivers a room's message to every member in the room at the same moment, so one viewer's inbox is watched during
 * the wave; after it, every viewer must still be in the room (so received what the room received), and every
 * {@value #SAMPLE_EVERY}th viewer's inbox is checked as well. One fresh room per round.
 */
final class SpamWaveSuite {

    static final int VIEWERS = 2_000;
    static final int MUTED = 500;
    static final int SAMPLE_EVERY = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final BenchSettings settings;
    private final BenchKafka kafka;
    private final EmulatorControl emulator;

    /** One round's outcome: milliseconds from the first command (-1: not within the time given), calls, messages. */
    private record Wave(long tencentMillis, long statesMillis, long clientsMillis, long calls, long messageCalls,
                        long messages, int viewersGone, int sampledNotTold) {
    }

    SpamWaveSuite(BenchSettings settings, BenchKafka kafka, EmulatorControl emulator) {
        this.settings = settings;
        this.kafka = kafka;
        this.emulator = emulator;
    }

    Report run() throws Exception {
        Report report = new Report("spam wave: " + MUTED + " of " + VIEWERS + " viewers muted within one second, one room",
                Report.Kind.NOTES);
        List<Wave> waves = new ArrayList<>();
        try (KafkaProducer<String, Object> producer = kafka.producer();
             KafkaConsumer<String, Object> states = kafka.consumerFromNow(Topic.MEMBER_STATE.defaultName())) {
            states.poll(Duration.ofSeconds(2));
            for (int round = 1; round <= settings.pipelineRounds(); round++) {
                String room = "bench_wave" + round;
                fill(room);
                Wave wave = wave(room, producer, states);
                waves.add(wave);
                report.note(String.format("round %d: Tencent all muted %s, role-sync all published %s, every client told %s;"
                                + " %d forbid_send_msg calls, %d send_group_msg calls, %d messages in the room; %d viewers no longer"
                                + " in the room, %d of %d sampled clients not told all", round,
                        millis(wave.tencentMillis()), millis(wave.statesMillis()), millis(wave.clientsMillis()), wave.calls(),
                        wave.messageCalls(), wave.messages(), wave.viewersGone(), wave.sampledNotTold(), VIEWERS / SAMPLE_EVERY));
                System.out.printf("spam wave: round %d: Tencent %s, states %s, clients %s, %d calls, %d messages%n", round,
                        millis(wave.tencentMillis()), millis(wave.statesMillis()), millis(wave.clientsMillis()), wave.calls(),
                        wave.messages());
            }
        }
        double tencent = median(waves, Wave::tencentMillis);
        double clients = median(waves, Wave::clientsMillis);
        String line = String.format("spam wave: Tencent all muted %s, role-sync states %s, every client told %s "
                        + "(median of %d), %.0f forbid_send_msg calls, %.0f messages", millis((long) tencent),
                millis((long) median(waves, Wave::statesMillis)), millis((long) clients), waves.size(),
                median(waves, Wave::calls), median(waves, Wave::messages));
        report.note(line);
        report.headline("spam wave, 500 mutes -> clients", String.format("all told in %s", millis((long) clients)),
                String.format("Tencent all muted in %s", millis((long) tencent)), clients / Math.max(1, tencent),
                "told <= 3 s, <= 5 calls");
        return report;
    }

    /** The room, its viewers online, and role-sync and notice-dispatch done with their joins. */
    private void fill(String room) throws InterruptedException {
        emulator.createRoom(room);
        List<String> viewers = IntStream.range(0, VIEWERS).mapToObj(v -> viewer(room, v)).toList();
        for (int from = 0; from < VIEWERS; from += 250) {
            emulator.join(room, viewers.subList(from, Math.min(VIEWERS, from + 250)));
        }
        emulator.drainCallbacks();
        kafka.awaitCaughtUp("roomsync-role-sync", Topic.IM_EVENTS.defaultName(), Duration.ofMinutes(5));
        kafka.awaitCaughtUp("roomsync-notice-dispatch", Topic.MEMBER_STATE.defaultName(), Duration.ofMinutes(5));
        // Whatever notice-dispatch still sends about the joins goes before the wave, not into its count.
        long messages = -1;
        long quietUntil = 0;
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < giveUp) {
            long now = emulator.room(room).path("messageCount").asLong();
            if (now != messages) {
                messages = now;
                quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            } else if (System.nanoTime() > quietUntil) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private Wave wave(String room, KafkaProducer<String, Object> producer, KafkaConsumer<String, Object> states)
            throws InterruptedException, IOException {
        List<String> targets = IntStream.range(0, MUTED).mapToObj(i -> viewer(room, i * (VIEWERS / MUTED))).toList();
        String watcher = viewer(room, 1);
        Map<String, Long> callsBefore = emulator.calls();
        long messagesBefore = emulator.room(room).path("messageCount").asLong();
        Set<String> causes = new HashSet<>();
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < MUTED; i++) {
                LockSupport.parkNanos(start + i * (1_000_000_000L / MUTED) - System.nanoTime());
                producer.send(new ProducerRecord<>(Topic.MEMBER_COMMANDS.defaultName(), room, mute(room, targets.get(i), i)));
            }
            producer.flush();
        }, "bench-spam-wave");
        for (int i = 0; i < MUTED; i++) {
            causes.add(commandId(room, i));
        }
        publisher.start();
        long tencent = -1;
        long published = -1;
        long told = -1;
        Set<String> statesSeen = new HashSet<>();
        long giveUp = start + GIVE_UP.toNanos();
        long nextLook = start;
        while ((tencent < 0 || published < 0 || told < 0) && System.nanoTime() < giveUp) {
            for (ConsumerRecord<String, Object> record : states.poll(Duration.ofMillis(10))) {
                if (record.value() instanceof MemberState state && causes.contains(state.getCause())
                        && state.getMutedUntil() != null) {
                    statesSeen.add(state.getMember());
                }
            }
            long now = System.nanoTime();
            if (published < 0 && statesSeen.size() == MUTED) {
                published = now;
            }
            if (now >= nextLook) {
                nextLook = now + 20_000_000L;
                if (tencent < 0 && mutedInTencent(room, targets) == MUTED) {
                    tencent = now;
                }
                if (told < 0 && toldOf(watcher, room, targets) == MUTED) {
                    told = now;
                }
            }
        }
        publisher.join();
        JsonNode after = emulator.room(room);
        Set<String> inRoom = new HashSet<>();
        after.path("members").forEach(member -> inRoom.add(member.asText()));
        int gone = (int) IntStream.range(0, VIEWERS).filter(v -> !inRoom.contains(viewer(room, v))).count();
        int notTold = 0;
        for (int v = 0; v < VIEWERS; v += SAMPLE_EVERY) {
            if (toldOf(viewer(room, v), room, targets) < MUTED) {
                notTold++;
            }
        }
        return new Wave(since(start, tencent), since(start, published), since(start, told),
                emulator.callsSince(callsBefore, List.of("forbid_send_msg")),
                emulator.callsSince(callsBefore, List.of("send_group_msg")),
                after.path("messageCount").asLong() - messagesBefore, gone, notTold);
    }

    private int mutedInTencent(String room, List<String> targets) {
        JsonNode muted = emulator.room(room).path("muted");
        return (int) targets.stream().filter(muted::has).count();
    }

    /** How many of the targets {@code viewer}'s client shows muted, from the notices it received. */
    private int toldOf(String viewer, String room, List<String> targets) throws IOException {
        ClientView view = new ClientView();
        view.applyInbox(JSON.readTree(emulator.inbox(viewer, room)));
        long now = System.currentTimeMillis();
        return (int) targets.stream().filter(target -> view.of(target, now).muted()).count();
    }

    private static MemberCommand mute(String room, String member, int i) {
        return MemberCommand.newBuilder().setId(commandId(room, i)).setSdkAppId(RoleSyncSuite.APP).setRoom(room)
                .setMembers(List.of(member)).setAction(MemberAction.MUTE).setDurationSeconds(600L)
                .setReason("spam wave").setRequester("moderation").setRequestedAt(Instant.now()).build();
    }

    private static String commandId(String room, int i) {
        return room + "-mute-" + i;
    }

    private static String viewer(String room, int v) {
        return room + "_v" + v;
    }

    private static long since(long start, long at) {
        return at < 0 ? -1 : (at - start) / 1_000_000;
    }

    private static String millis(long millis) {
        return millis < 0 ? "not within " + GIVE_UP.toMinutes() + " min" : millis + " ms";
    }

    private static double median(List<Wave> waves, java.util.function.ToLongFunction<Wave> value) {
        return Report.median(waves.stream().map(w -> (double) value.applyAsLong(w)).toList());
    }
}
