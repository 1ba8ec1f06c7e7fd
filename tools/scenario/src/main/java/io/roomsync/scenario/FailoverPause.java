package io.roomsync.scenario;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures the failover pause (issue 18) on a running {@code make run} stack with 2 or more replicas: steady operator
 * load (mutes and unmutes, each room's members in turn, the rooms in turn), first without a fault (the baseline
 * window), then with replica 1 of role-sync and of notice-dispatch struck at once ({@link Fault}), and, for every
 * command, how long it waited until role-sync committed its member's new state (read from the member-state topic as
 * it is committed) and until the room's client showed that state (its notice). It reports both windows
 * ({@link PauseFigures}) and their ratio.
 *
 * <p>Notices are seen by polling the room watcher's inbox at the emulator, for the rooms with a notice outstanding
 * only; the longest sweep over them is printed as the resolution. Commands go to the first role-sync replica that
 * takes them, as through a Kubernetes Service, and never to the struck one from its strike until it is ready again
 * (a Service takes a terminating or unready pod out of its endpoints).
 */
public final class FailoverPause {

    /** What happens to replica 1 of role-sync and of notice-dispatch, both at once. */
    public enum Fault {
        /** SIGKILL (a crash), started again after the down time. */
        KILL,
        /** SIGTERM (a rolling restart's step: graceful), started again after the down time (0: at once). */
        RESTART
    }

    /**
     * A run's shape.
     *
     * @param rooms         rooms the load is spread over
     * @param ratePerSecond commands per second, all rooms together
     * @param members       members of each room the commands take in turn (besides the watcher), muted then unmuted
     * @param warmUp        the least load before the baseline window (not counted); the baseline then waits until the
     *                      stack has settled under the load ({@link Settling}, by {@code settling})
     * @param settling      when the stack counts as settled: no command waited longer than its bound for its state or
     *                      its notice for its steady stretch
     * @param settlePatience how long to wait for it to settle after the warm-up; past it the baseline starts anyway and
     *                      the report says the stack was not settled
     * @param baseline      the window without a fault
     * @param gap           the fault window's start before the strike: commands sent just before it may wait for the
     *                      failover, so they count with the fault, and the baseline's commands are done before it
     * @param afterFault    load after the strike (the fault window; it should cover the restart)
     * @param down          how long a struck replica stays down before it is started again
     */
    public record Settings(int rooms, int ratePerSecond, int members, Duration warmUp, Settling.Rule settling,
                           Duration settlePatience, Duration baseline, Duration gap, Duration afterFault, Duration down) {
    }

    private static final List<StackService> STRUCK = List.of(StackService.ROLE_SYNC, StackService.NOTICE_DISPATCH);
    /** The struck services' Kafka Streams groups (their application-id in application.yml). */
    private static final Map<StackService, String> GROUPS = Map.of(StackService.ROLE_SYNC, "roomsync-role-sync",
            StackService.NOTICE_DISPATCH, "roomsync-notice-dispatch");
    /** How long a run waits for replica 1 to hold active tasks: a warm-up and Kafka Streams' least probing interval (60 s). */
    private static final Duration SHARE_PATIENCE = Duration.ofMinutes(3);
    private static final long SWEEP_PAUSE_MILLIS = 50;
    /** How often the settling wait prints where it stands. */
    private static final long SETTLE_REPORT_MILLIS = 10_000;
    /** The fault window's waits are printed by 5 s of sending, from the strike. */
    private static final long TIMELINE_STEP_MILLIS = 5_000;

    private final class Command {
        final String room;
        final String user;
        final boolean mute;
        final long sent = now();
        volatile long state = -1;
        volatile long version = -1;
        volatile long notice = -1;

        Command(String room, String user, boolean mute) {
            this.room = room;
            this.user = user;
            this.mute = mute;
        }

        PauseFigures.Sample sample() {
            return new PauseFigures.Sample(room, sent, state, notice);
        }
    }

    private final LocalStack stack;
    private final Endpoints at;
    private final Settings settings;
    private final PrintStream out;
    private final long origin = System.nanoTime();
    /** Commands waiting for their state, by room and member, oldest first: a member's states come in command order. */
    private final Map<String, Deque<Command>> awaitingState = new ConcurrentHashMap<>();
    /** Commands whose state is known and whose notice is not yet shown, by room. */
    private final Map<String, Deque<Command>> awaitingNotice = new ConcurrentHashMap<>();
    private volatile long longestSweep;
    /** When the later of the struck replicas was ready again (ms since the origin); until then, never. */
    private long backAt = Long.MAX_VALUE;
    /** When replica 1 was struck (ms since the origin). */
    private long struckAt;
    /** The base URL of the struck role-sync replica while it is away (no command is routed to it), else null. */
    private volatile String replicaAway;
    /** Whether the stack had settled under the load before the baseline window. */
    private boolean settled;

    public FailoverPause(LocalStack stack, Endpoints at, Settings settings, PrintStream out) {
        this.stack = stack;
        this.at = at;
        this.settings = settings;
        this.out = out;
    }

    private long now() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    /** Opens the rooms, plays the load and the fault, waits for every command's outcome, and prints the figures. */
    public void run(Fault fault) throws Exception {
        if (stack.replicas() < 2) {
            throw new IllegalStateException("the failover pause needs 2 or more replicas (REPLICAS=2 make run); this stack runs "
                    + stack.replicas());
        }
        String prefix = "fo" + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        ExecutorService watchers = Executors.newFixedThreadPool(2);
        Future<?> states = watchers.submit(this::readStates);
        Future<?> notices = watchers.submit(this::observeNotices);
        List<String> rooms = open(prefix);
        long waiting = now();
        if (!awaitReplicaOneShare()) {
            throw new IllegalStateException("replica 1 holds no active task after " + SHARE_PATIENCE.toSeconds() + " s: " + describeShares());
        }
        out.printf("replica 1 holds %s (waited %.1f s for it)%n", describeShares(), (now() - waiting) / 1000.0);
        List<Command> warm = new ArrayList<>();
        List<Command> baseline = new ArrayList<>();
        List<Command> struck = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        // Sends run beside the clock: one that waits (every replica down or refusing) must not delay the next.
        ExecutorService senders = Executors.newFixedThreadPool(16);
        AtomicLong sent = new AtomicLong();
        AtomicReference<List<Command>> window = new AtomicReference<>(warm);
        long loadStart = now();
        clock.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            String room = rooms.get((int) (n % rooms.size()));
            long turn = n / rooms.size();
            Command command = new Command(room, room + "_m" + (turn % settings.members()), turn / settings.members() % 2 == 0);
            List<Command> into = window.get();
            synchronized (into) {
                into.add(command);
            }
            awaitingState.computeIfAbsent(room + "/" + command.user, key -> new ConcurrentLinkedDeque<>()).add(command);
            senders.execute(() -> send(command));
        }, 0, 1_000_000 / settings.ratePerSecond(), TimeUnit.MICROSECONDS);
        try {
            Thread.sleep(settings.warmUp().toMillis());
            settled = awaitSettled(warm, loadStart);
            window.set(baseline);
            Thread.sleep(settings.baseline().toMillis());
            window.set(struck);
            Thread.sleep(settings.gap().toMillis());
            struckAt = now();
            ExecutorService faults = Executors.newFixedThreadPool(STRUCK.size());
            List<Future<Long>> restarts = new ArrayList<>();
            for (StackService service : STRUCK) {
                restarts.add(faults.submit(() -> strikeAndRecover(Instance.first(service), fault, struckAt)));
            }
            out.printf("%s replica 1 of role-sync and notice-dispatch at %.1f s%n", fault == Fault.KILL ? "SIGKILL" : "SIGTERM",
                    struckAt / 1000.0);
            Thread.sleep(settings.afterFault().toMillis());
            long lastBack = 0;
            for (int i = 0; i < STRUCK.size(); i++) {
                try {
                    long back = restarts.get(i).get();
                    lastBack = Math.max(lastBack, back);
                    out.printf("  %s ready again %.1f s after the strike%n", STRUCK.get(i).id(), back / 1000.0);
                } catch (java.util.concurrent.ExecutionException notBack) {
                    // The load's figures still count: every command of the window waited with the replica away.
                    lastBack = Long.MAX_VALUE - struckAt;
                    out.printf("  %s NOT ready again: %s%n", STRUCK.get(i).id(), notBack.getCause().getMessage().lines().findFirst().orElse(""));
                }
            }
            backAt = struckAt + lastBack;
            faults.shutdown();
            // The load goes on until replica 1 holds active tasks again (at once after a clean stop; after a crash once
            // its wiped stores caught up, at a probing rebalance), and a gap more: the move back is measured too.
            if (backAt < Long.MAX_VALUE && awaitReplicaOneShare()) {
                out.printf("  replica 1 holds %s again %.1f s after the strike%n", describeShares(), (now() - struckAt) / 1000.0);
                Thread.sleep(settings.gap().toMillis());
            } else {
                out.printf("  replica 1 holds %s at the window's end: its tasks had not moved back%n", describeShares());
            }
        } finally {
            clock.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(3, TimeUnit.MINUTES);
        }
        awaitOutcomes(Duration.ofMinutes(2));
        states.cancel(true);
        notices.cancel(true);
        watchers.shutdownNow();
        report(fault, samples(baseline), samples(struck));
    }

    /**
     * Goes on with the warm-up load until the stack has settled under it ({@link Settling}), at most
     * {@link Settings#settlePatience}, printing where it stands every {@link #SETTLE_REPORT_MILLIS}: the recent commands'
     * waits and replica 1's share, so that a backlog can be told from a rebalance.
     *
     * @return whether it settled
     */
    private boolean awaitSettled(List<Command> warm, long loadStart) throws Exception {
        long deadline = now() + settings.settlePatience().toMillis();
        long nextReport = now();
        while (true) {
            long at = now();
            List<PauseFigures.Sample> sent = samples(warm);
            Settling.Verdict verdict = Settling.judge(sent, loadStart, at, settings.settling());
            if (verdict.settled() || at >= nextReport) {
                // The commands whose outcome is due by now (sent over a bound ago), of the last report period.
                List<PauseFigures.Sample> recent = PauseFigures.sentBetween(sent,
                        at - settings.settling().boundMillis() - SETTLE_REPORT_MILLIS, at - settings.settling().boundMillis());
                out.printf("  settling at %5.1f s: steady for %4.1f s, %d commands late so far; recent: %s; replica 1 holds %s%n",
                        (at - loadStart) / 1000.0, verdict.steadyMillis() / 1000.0, verdict.late(),
                        recent.isEmpty() ? "no command" : PauseFigures.of(recent, 0).describe(), describeShares());
                nextReport = at + SETTLE_REPORT_MILLIS;
            }
            if (verdict.settled()) {
                out.printf("settled after %.1f s of load: no command waited over %d ms for %d s%n", (at - loadStart) / 1000.0,
                        settings.settling().boundMillis(), settings.settling().steadyForMillis() / 1000);
                return true;
            }
            if (at > deadline) {
                out.printf("NOT settled after %.1f s of load: the baseline below includes a backlog%n", (at - loadStart) / 1000.0);
                return false;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Waits until replica 1 of each struck service holds active tasks (input partitions), at most {@link #SHARE_PATIENCE}:
     * a replica that came back holds only standbys until it has caught up and a probing rebalance gives it its share,
     * and striking it then would measure nothing.
     *
     * @return whether it does
     */
    private boolean awaitReplicaOneShare() throws Exception {
        long deadline = now() + SHARE_PATIENCE.toMillis();
        while (shares().values().stream().anyMatch(partitions -> partitions == 0)) {
            if (now() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    /** The input partitions replica 1 of each struck service holds now, by service. */
    private Map<StackService, Integer> shares() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, at.kafka()))) {
            var groups = admin.describeConsumerGroups(GROUPS.values()).all().get(30, TimeUnit.SECONDS);
            Map<StackService, Integer> shares = new java.util.EnumMap<>(StackService.class);
            for (StackService service : STRUCK) {
                Map<String, Integer> partitionsByMember = groups.get(GROUPS.get(service)).members().stream()
                        .filter(member -> member.groupInstanceId().isPresent())
                        .collect(java.util.stream.Collectors.toMap(member -> member.groupInstanceId().orElseThrow(),
                                member -> member.assignment().topicPartitions().size(), Integer::sum));
                shares.put(service, ReplicaShare.partitionsOf(partitionsByMember, Instance.first(service).name()));
            }
            return shares;
        }
    }

    private String describeShares() throws Exception {
        return shares().entrySet().stream().map(share -> share.getValue() + " input partitions of " + share.getKey().id())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The role-sync replicas a command may go to, replica 1 first: all but a struck replica between its strike and its
     * readiness, as a Kubernetes Service routes around a terminating or unready pod (a stopping Tomcat leaves new
     * connections waiting in its backlog, which no Service would send it).
     */
    private List<String> routable() {
        String away = replicaAway;
        return away == null ? at.roleSyncReplicas() : at.roleSyncReplicas().stream().filter(url -> !url.equals(away)).toList();
    }

    /** Sends {@code command} to the first routable role-sync replica that takes it; one no replica took is never resolved. */
    private void send(Command command) {
        try {
            Http.callPatiently("POST", routable(), "/v1/rooms/" + command.room + "/members/" + command.user
                            + (command.mute ? "/mute" : "/unmute"),
                    command.mute ? Map.of("seconds", 3600, "reason", "failover pause") : Map.of("reason", "failover pause"),
                    Duration.ofMinutes(2));
        } catch (RuntimeException refused) {
            out.println("  a command was not taken: " + refused.getMessage());
        }
    }

    private static List<PauseFigures.Sample> samples(List<Command> commands) {
        synchronized (commands) {
            return commands.stream().map(Command::sample).toList();
        }
    }

    /** Strikes {@code instance}, starts it again, and answers how long after the strike it was ready (ms). */
    private long strikeAndRecover(Instance instance, Fault fault, long struckAt) throws InterruptedException {
        boolean routed = instance.service() == StackService.ROLE_SYNC;
        if (routed) {
            replicaAway = stack.url(instance);
        }
        try {
            if (fault == Fault.KILL) {
                stack.kill(instance.name());
            } else {
                stack.stop(instance.name());
            }
            Thread.sleep(settings.down().toMillis());
            stack.startService(instance, Map.of());
            return now() - struckAt;
        } finally {
            if (routed) {
                replicaAway = null;
            }
        }
    }

    private List<String> open(String prefix) throws InterruptedException {
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < settings.rooms(); r++) {
            String room = prefix + "r" + r;
            rooms.add(room);
            awaitingNotice.put(room, new ConcurrentLinkedDeque<>());
            Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "Failover " + r, "owner", room + "_host"));
            List<String> users = new ArrayList<>(List.of(watcher(room)));
            for (int m = 0; m < settings.members(); m++) {
                users.add(room + "_m" + m);
            }
            Http.call("POST", at.control("rooms/" + room + "/join"), Map.of("users", users));
        }
        out.printf("%d rooms of %d members opened (%s...); load: %d commands/s, at least %d s warm-up, then until settled"
                        + " (no wait over %d ms for %d s; at most %d s more), %d s baseline, the fault window"
                        + " from %d s before the strike to %d s after%n", settings.rooms(), settings.members(), prefix,
                settings.ratePerSecond(), settings.warmUp().toSeconds(), settings.settling().boundMillis(),
                settings.settling().steadyForMillis() / 1000, settings.settlePatience().toSeconds(), settings.baseline().toSeconds(),
                settings.gap().toSeconds(), settings.afterFault().toSeconds());
        return rooms;
    }

    private static String watcher(String room) {
        return room + "_watch";
    }

    /**
     * Follows the member-state topic from its end, committed records only, as role-sync commits them: a member's record
     * in the state a command asked for (muted or not) resolves that member's oldest command waiting.
     */
    private void readStates() {
        String topic = "roomsync.member-state.v1";
        try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.committedOnly(at.kafka(), "failover", new ByteArrayDeserializer());
             AvroKafkaDeserializer<GenericRecord> values = TopicReader.genericValues(at.registry())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long seen = now();
                    GenericRecord state = values.deserialize(topic, record.headers(), record.value());
                    Deque<Command> waiting = awaitingState.get(state.get("room") + "/" + state.get("member"));
                    Command oldest = waiting == null ? null : waiting.peekFirst();
                    boolean muted = state.get("mutedUntil") != null;
                    if (oldest != null && oldest.mute == muted) {
                        waiting.pollFirst();
                        oldest.version = (Long) state.get("version");
                        oldest.state = seen;
                        awaitingNotice.get(oldest.room).add(oldest);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException stopped) {
            // the run is over
        }
    }

    /** Sweeps the rooms with a notice outstanding until cancelled, marking each command whose state the client shows. */
    private void observeNotices() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = now();
            for (var room : awaitingNotice.entrySet()) {
                if (room.getValue().isEmpty()) {
                    continue;
                }
                try {
                    ClientView client = new ClientView();
                    client.applyInbox(Http.call("GET", at.control("clients/" + watcher(room.getKey()) + "/inbox?room=" + room.getKey()), null));
                    long seen = now();
                    for (Command command : room.getValue()) {
                        if (client.version(command.user) >= command.version) {
                            command.notice = seen;
                        }
                    }
                    room.getValue().removeIf(command -> command.notice >= 0);
                } catch (RuntimeException unanswered) {
                    // the emulator busy: the next sweep asks again
                }
            }
            longestSweep = Math.max(longestSweep, now() - started);
            try {
                Thread.sleep(SWEEP_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitOutcomes(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while ((awaitingState.values().stream().anyMatch(q -> !q.isEmpty()) || awaitingNotice.values().stream().anyMatch(q -> !q.isEmpty()))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void describePart(String label, List<PauseFigures.Sample> part) {
        out.printf("%-26s %s%n", label, part.isEmpty() ? "no command" : PauseFigures.of(part, 0).describe());
    }

    private void report(Fault fault, List<PauseFigures.Sample> baseline, List<PauseFigures.Sample> struck) {
        PauseFigures.Window quiet = PauseFigures.of(baseline, 0);
        PauseFigures.Window faulty = PauseFigures.of(struck, 2 * quiet.noticeMax());
        out.printf("baseline (no fault):  %s%s%n", quiet.describe(), settled ? "" : " (NOT SETTLED: a backlog)");
        out.printf("%-21s %s%n", (fault == Fault.KILL ? "SIGKILL + restart:" : "graceful restart:"), faulty.describe());
        out.printf("  longest: state in %s, notice in %s; notice resolution: the longest sweep over the rooms took %d ms%n",
                faulty.stateRoom(), faulty.noticeRoom(), longestSweep + SWEEP_PAUSE_MILLIS);
        // Where the pause fell: while the struck replicas were away (the failover), or after they were back (their tasks
        // moving back to them).
        // When the waits fell, by when the commands were sent: the hand-over, the restarted JVM's start, the move back.
        long firstSent = struck.stream().mapToLong(PauseFigures.Sample::sentMillis).min().orElse(struckAt);
        long lastSent = struck.stream().mapToLong(PauseFigures.Sample::sentMillis).max().orElse(struckAt);
        for (long from = firstSent; from <= lastSent; from += TIMELINE_STEP_MILLIS) {
            List<PauseFigures.Sample> part = PauseFigures.sentBetween(struck, from, from + TIMELINE_STEP_MILLIS);
            if (!part.isEmpty()) {
                describePart(String.format(java.util.Locale.ROOT, "  sent %+5.1f s..%+5.1f s:", (from - struckAt) / 1000.0,
                        (from + TIMELINE_STEP_MILLIS - struckAt) / 1000.0), part);
            }
        }
        describePart("  sent until both back:", PauseFigures.sentBetween(struck, Long.MIN_VALUE, backAt));
        describePart("  sent after (move back):", PauseFigures.sentBetween(struck, backAt, Long.MAX_VALUE));
        out.printf("failover pause, longest wait with the fault over without (state / notice): %s%n",
                PauseFigures.ratio(faulty, quiet).orElse("-"));
    }
}
