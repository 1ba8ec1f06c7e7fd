package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures the failover pause (issue 18) on a running {@code make run} stack with 2 or more replicas: steady operator
 * load (mutes, one member each, spread over the rooms in turn), first without a fault (the baseline window), then with
 * replica 1 of role-sync and of notice-dispatch struck at once ({@link Fault}), and, for every command, how long it
 * waited until role-sync's view listed its member muted (its state) and until the room's client showed the mute (its
 * notice). It reports both windows ({@link PauseFigures}) and their ratio.
 *
 * <p>Waits are seen by polling: every room with a command outstanding, in turn, role-sync's muted listing (any
 * replica that answers) and the room watcher's inbox at the emulator; the longest sweep over the rooms is printed as
 * the resolution. Commands go to the first role-sync replica that takes them, as through a Kubernetes Service.
 */
public final class FailoverPause {

    /** What happens to replica 1 of role-sync and of notice-dispatch, both at once. */
    public enum Fault {
        /** SIGKILL (a crash), started again after the down time. */
        KILL,
        /** SIGTERM (a rolling restart's step: graceful), started again at once. */
        RESTART
    }

    /**
     * A run's shape.
     *
     * @param rooms         rooms the load is spread over
     * @param ratePerSecond commands per second, all rooms together
     * @param members       members joined per room (besides the watcher); each command mutes the next one
     * @param warmUp        load before the baseline window (not counted)
     * @param baseline      the window without a fault
     * @param afterFault    load after the strike (the fault window; it should cover the restart)
     * @param down          how long a killed replica stays down before it is started again
     */
    public record Settings(int rooms, int ratePerSecond, int members, Duration warmUp, Duration baseline, Duration afterFault,
                           Duration down) {
    }

    private static final List<StackService> STRUCK = List.of(StackService.ROLE_SYNC, StackService.NOTICE_DISPATCH);
    private static final long SWEEP_PAUSE_MILLIS = 50;

    private final class Command {
        final String room;
        final String user;
        final long sent = now();
        volatile long state = -1;
        volatile long notice = -1;

        Command(String room, String user) {
            this.room = room;
            this.user = user;
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
    private final Map<String, Queue<Command>> outstanding = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long longestSweep;

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
        List<String> rooms = open(prefix);
        List<Command> warm = new ArrayList<>();
        List<Command> baseline = new ArrayList<>();
        List<Command> struck = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        // Sends run beside the clock: one that waits (every replica down or refusing) must not delay the next.
        ExecutorService senders = Executors.newFixedThreadPool(16);
        ExecutorService observer = Executors.newSingleThreadExecutor();
        Future<?> observing = observer.submit(this::observe);
        AtomicLong sent = new AtomicLong();
        AtomicReference<List<Command>> window = new AtomicReference<>(warm);
        clock.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            String room = rooms.get((int) (n % rooms.size()));
            int member = (int) (n / rooms.size());
            if (member >= settings.members()) {
                return; // every member of the room is muted already: the run is longer than its rooms
            }
            Command command = new Command(room, room + "_m" + member);
            List<Command> into = window.get();
            synchronized (into) {
                into.add(command);
            }
            outstanding.get(room).add(command);
            senders.execute(() -> send(command));
        }, 0, 1_000_000 / settings.ratePerSecond(), TimeUnit.MICROSECONDS);
        try {
            Thread.sleep(settings.warmUp().toMillis());
            window.set(baseline);
            Thread.sleep(settings.baseline().toMillis());
            window.set(struck);
            long struckAt = now();
            List<Future<Long>> restarts = new ArrayList<>();
            ExecutorService faults = Executors.newFixedThreadPool(STRUCK.size());
            for (StackService service : STRUCK) {
                restarts.add(faults.submit(() -> strikeAndRecover(Instance.first(service), fault, struckAt)));
            }
            out.printf("%s replica 1 of role-sync and notice-dispatch at %.1f s%n", fault == Fault.KILL ? "SIGKILL" : "SIGTERM",
                    struckAt / 1000.0);
            Thread.sleep(settings.afterFault().toMillis());
            for (int i = 0; i < STRUCK.size(); i++) {
                out.printf("  %s ready again %.1f s after the strike%n", STRUCK.get(i).id(), restarts.get(i).get() / 1000.0);
            }
            faults.shutdown();
        } finally {
            clock.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(3, TimeUnit.MINUTES);
        }
        awaitOutcomes(Duration.ofMinutes(2));
        observing.cancel(true);
        observer.shutdownNow();
        report(fault, samples(baseline), samples(struck));
    }

    /** Sends {@code command} to the first role-sync replica that takes it; one no replica took is never resolved. */
    private void send(Command command) {
        try {
            Http.callPatiently("POST", at.roleSyncReplicas(), "/v1/rooms/" + command.room + "/members/" + command.user + "/mute",
                    Map.of("seconds", 3600, "reason", "failover pause"), Duration.ofMinutes(2));
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
        if (fault == Fault.KILL) {
            stack.kill(instance.name());
            Thread.sleep(settings.down().toMillis());
        } else {
            stack.stop(instance.name());
        }
        stack.startService(instance, Map.of());
        return now() - struckAt;
    }

    private List<String> open(String prefix) throws InterruptedException {
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < settings.rooms(); r++) {
            String room = prefix + "r" + r;
            rooms.add(room);
            outstanding.put(room, new ConcurrentLinkedQueue<>());
            Http.call("POST", at.control("rooms"), Map.of("groupId", room, "name", "Failover " + r, "owner", room + "_host"));
            List<String> users = new ArrayList<>(List.of(watcher(room)));
            for (int m = 0; m < settings.members(); m++) {
                users.add(room + "_m" + m);
            }
            for (int from = 0; from < users.size(); from += 25) {
                Http.call("POST", at.control("rooms/" + room + "/join"), Map.of("users", users.subList(from, Math.min(users.size(), from + 25))));
            }
        }
        out.printf("%d rooms of %d members opened (%s...); load: %d mutes/s, %d s warm-up, %d s baseline, %d s after the strike%n",
                settings.rooms(), settings.members(), prefix, settings.ratePerSecond(), settings.warmUp().toSeconds(),
                settings.baseline().toSeconds(), settings.afterFault().toSeconds());
        return rooms;
    }

    private static String watcher(String room) {
        return room + "_watch";
    }

    /** Sweeps the rooms with a command outstanding until cancelled, marking each command's state and notice. */
    private void observe() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = now();
            for (var entry : outstanding.entrySet()) {
                if (!entry.getValue().isEmpty()) {
                    try {
                        mark(entry.getKey(), entry.getValue());
                    } catch (RuntimeException unanswered) {
                        // a replica down or rebalancing: the next sweep asks again
                    }
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

    private void mark(String room, Queue<Command> commands) {
        Set<String> muted = new HashSet<>();
        for (JsonNode member : Http.onAnyReplica("GET", at.roleSyncReplicas(), "/v1/rooms/" + room + "/members?role=muted", null)) {
            muted.add(member.path("user").asText());
        }
        long stateSeen = now();
        ClientView client = new ClientView();
        client.applyInbox(Http.call("GET", at.control("clients/" + watcher(room) + "/inbox?room=" + room), null));
        long noticeSeen = now();
        long wallClock = System.currentTimeMillis();
        for (Command command : commands) {
            if (command.state < 0 && muted.contains(command.user)) {
                command.state = stateSeen;
            }
            if (command.notice < 0 && client.of(command.user, wallClock).muted()) {
                command.notice = noticeSeen;
            }
        }
        commands.removeIf(command -> command.state >= 0 && command.notice >= 0);
    }

    private void awaitOutcomes(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (outstanding.values().stream().anyMatch(q -> !q.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void report(Fault fault, List<PauseFigures.Sample> baseline, List<PauseFigures.Sample> struck) {
        PauseFigures.Window quiet = PauseFigures.of(baseline, 0);
        PauseFigures.Window faulty = PauseFigures.of(struck, 2 * quiet.noticeMax());
        out.printf("baseline (no fault):  %s%n", quiet.describe());
        out.printf("%-21s %s%n", (fault == Fault.KILL ? "SIGKILL + restart:" : "graceful restart:"), faulty.describe());
        out.printf("  longest: state in %s, notice in %s; resolution: the longest sweep over the rooms took %d ms%n",
                faulty.stateRoom(), faulty.noticeRoom(), longestSweep + SWEEP_PAUSE_MILLIS);
        out.printf("failover pause, longest wait with the fault over without (state / notice): %s%n",
                PauseFigures.ratio(faulty, quiet).orElse("-"));
    }
}
