package io.roomsync.bench;

import io.roomsync.contract.Topic;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * role-sync end to end against the emulator: member commands published at a fixed rate over 50 rooms of 20 members,
 * each member cycling through mute, ban, unmute, unban, then (the first {@value #ADMINS_PER_ROOM} of each room, within
 * Tencent's 5 admins) grant and revoke admin, the others mute and unmute (four Tencent APIs), and the time from a
 * command published to its state change published (read committed, as every consumer reads it). Also the Tencent
 * calls per command (the emulator's count of every attempt, before and after the run): below 1, commands were
 * batched. Where the time went, from role-sync's own timers over each run: a command's wait from its request to its
 * processing and to its call's planning, the call from planning to its answer applied, and the client's wait for a permit
 * (the rest of command -> state is the transaction's commit and the reader's poll).
 */
final class RoleSyncSuite {

    static final long APP = 1_400_000_000L;
    private static final int ROOMS = 50;
    private static final int MEMBERS_PER_ROOM = 20;
    private static final int ADMINS_PER_ROOM = 4;
    private static final MemberAction[] CYCLE = {MemberAction.MUTE, MemberAction.BAN, MemberAction.UNMUTE, MemberAction.UNBAN,
        MemberAction.GRANT_ADMIN, MemberAction.REVOKE_ADMIN};
    static final List<String> MEMBER_APIS = List.of("forbid_send_msg", "ban_group_member", "unban_group_member", "modify_admin");

    private final BenchSettings settings;
    private final BenchKafka kafka;
    private final EmulatorControl emulator;
    private final Map<Double, List<Double>> callsPerCommand = new java.util.TreeMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final int roleSyncManagementPort;

    /** @param roleSyncManagementPort where role-sync serves Prometheus (its management port) */
    RoleSyncSuite(BenchSettings settings, BenchKafka kafka, EmulatorControl emulator, int roleSyncManagementPort) {
        this.settings = settings;
        this.kafka = kafka;
        this.emulator = emulator;
        this.roleSyncManagementPort = roleSyncManagementPort;
        for (int r = 0; r < ROOMS; r++) {
            emulator.createRoom(room(r));
            emulator.join(room(r), IntStream.range(0, MEMBERS_PER_ROOM).mapToObj(m -> "m" + m).toList());
        }
    }

    Report run() throws InterruptedException {
        Report report = new Report("role-sync: command published -> state published (" + ROOMS + " rooms, "
                + ROOMS * MEMBERS_PER_ROOM + " members, mute/ban/unmute/unban/admin)", Report.Kind.PIPELINE);
        try (KafkaProducer<String, Object> producer = kafka.producer();
             KafkaConsumer<String, Object> states = kafka.consumerFromNow(Topic.MEMBER_STATE.defaultName())) {
            states.poll(Duration.ofSeconds(2));
            System.out.printf("role-sync: warming up at %.0f commands/s for %d s%n", settings.roleSyncRates().get(0),
                    settings.pipelineWarmup().toSeconds());
            run(producer, states, settings.roleSyncRates().get(0), settings.pipelineWarmup());
            if (!settings.roleSyncRateWarmup().isZero()) {
                for (double rate : settings.roleSyncRates().subList(1, settings.roleSyncRates().size())) {
                    System.out.printf("role-sync: warming up at %.0f commands/s for %d s%n", rate,
                            settings.roleSyncRateWarmup().toSeconds());
                    run(producer, states, rate, settings.roleSyncRateWarmup());
                }
            }
            for (int round = 1; round <= settings.pipelineRounds(); round++) {
                for (double rate : settings.roleSyncRates()) {
                    Map<String, Long> before = emulator.calls();
                    List<ServerTimer.Snapshot> timersBefore = timers();
                    double[] refusalsBefore = refusals();
                    Pipeline.Result result = run(producer, states, rate, settings.pipelineDuration());
                    String timeWent = whereTheTimeWent(timersBefore, timers()) + "; " + refusalsSince(refusalsBefore);
                    double perCommand = emulator.callsSince(before, MEMBER_APIS) / (double) Math.max(1, result.completed());
                    callsPerCommand.computeIfAbsent(rate, r -> new java.util.ArrayList<>()).add(perCommand);
                    report.pipelineRow(round, result, String.format("%.2f Tencent calls/command", perCommand));
                    System.out.printf("role-sync: round %d at %.0f/s: %d of %d applied, %.0f/s, p50 %d ms, p99 %d ms%n", round,
                            rate, result.completed(), result.offered(), result.achievedPerSecond(), (long) result.percentile(50),
                            (long) result.percentile(99));
                    System.out.printf("role-sync: round %d at %.0f/s: %s%n", round, rate, timeWent);
                    report.note(String.format("role-sync round %d at %.0f/s: %s", round, rate, timeWent));
                }
            }
        }
        report.pipelineSummary("role-sync", "commands", "command -> state (role-sync)");
        callsPerCommand.forEach((rate, perCommand) -> report.note(String.format(
                "role-sync at %.0f commands/s: %.2f Tencent calls per command (median of %d; below 1: batched)", rate,
                Report.median(perCommand), perCommand.size())));
        return report;
    }

    private static final List<String> TIMERS = List.of("roomsync_rolesync_command_arrival_seconds",
            "roomsync_rolesync_command_wait_seconds",
            "roomsync_rolesync_call_time_seconds", "roomsync_tim_call_queued_seconds");

    private List<ServerTimer.Snapshot> timers() {
        return TIMERS.stream().map(name -> ServerTimer.read(roleSyncManagementPort, name)).toList();
    }

    private static final String REFUSALS = "roomsync_rolesync_permit_refusals_total";

    /** role-sync's refusals of permits so far: none free, left for older rooms. */
    private double[] refusals() {
        return new double[] {ServerTimer.counter(roleSyncManagementPort, REFUSALS, "cause=\"no_permit_free\""),
                ServerTimer.counter(roleSyncManagementPort, REFUSALS, "cause=\"left_for_older_rooms\"")};
    }

    /** The refusals of permits over one run, by cause. */
    private String refusalsSince(double[] before) {
        double[] after = refusals();
        return String.format("permit refusals: %.0f none free, %.0f left for older rooms", after[0] - before[0],
                after[1] - before[1]);
    }

    /** role-sync's timers over one run: request -> processed, -> call planned, planned -> answer applied, permit wait (mean). */
    private static String whereTheTimeWent(List<ServerTimer.Snapshot> before, List<ServerTimer.Snapshot> after) {
        if (before.contains(null) || after.contains(null)) {
            return "role-sync's timers not readable";
        }
        return "request -> processed: " + after.get(0).since(before.get(0), "commands") + "; request -> call planned: "
                + after.get(1).since(before.get(1), "commands") + "; planned -> answer applied: "
                + after.get(2).since(before.get(2), "calls") + "; client's permit wait: "
                + after.get(3).since(before.get(3), "attempts");
    }

    private Pipeline.Result run(KafkaProducer<String, Object> producer, KafkaConsumer<String, Object> states, double rate,
                                Duration duration) throws InterruptedException {
        published.clear();
        return Pipeline.run(producer, states, rate, duration, settings.pipelineDrain(), n -> command(),
                (record, now, latency) -> {
                    if (record.value() instanceof MemberState state) {
                        Long sent = published.remove(state.getCause());
                        if (sent != null) {
                            latency.recordValue(Math.max(0, now - sent));
                            return 1;
                        }
                    }
                    return 0;
                }, offered -> offered.intValue());
    }

    private ProducerRecord<String, Object> command() {
        long g = sequence.getAndIncrement();
        int member = (int) (g % (ROOMS * MEMBERS_PER_ROOM));
        String room = room(member % ROOMS);
        MemberAction action = CYCLE[(int) ((g / (ROOMS * MEMBERS_PER_ROOM)) % CYCLE.length)];
        if (member / ROOMS >= ADMINS_PER_ROOM) {
            action = action == MemberAction.GRANT_ADMIN ? MemberAction.MUTE
                    : action == MemberAction.REVOKE_ADMIN ? MemberAction.UNMUTE : action;
        }
        String id = "bench-" + g + "-" + System.nanoTime();
        boolean timed = action == MemberAction.MUTE || action == MemberAction.BAN;
        MemberCommand command = MemberCommand.newBuilder().setId(id).setSdkAppId(APP).setRoom(room)
                .setMembers(List.of("m" + member / ROOMS)).setAction(action).setDurationSeconds(timed ? 3600L : null)
                .setReason("bench").setRequester("bench").setRequestedAt(Instant.now()).build();
        published.put(id, System.currentTimeMillis());
        return new ProducerRecord<>(Topic.MEMBER_COMMANDS.defaultName(), room, command);
    }

    private static String room(int r) {
        return "bench_r" + r;
    }
}
