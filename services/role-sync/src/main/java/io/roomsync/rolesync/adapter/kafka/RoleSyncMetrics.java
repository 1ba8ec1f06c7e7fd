package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.domain.Call;
import io.roomsync.rolesync.domain.RoomQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * role-sync's meters: commands by outcome, state changes by cause, stale callbacks, records dead-lettered by source
 * topic, the rooms holding commands back while Tencent fails them, the rooms waiting for a call slot, calls in flight
 * ({@link CallsInFlight}) and the commands each call carried.
 */
final class RoleSyncMetrics {

    /**
     * A count of rooms per Kafka Streams task, as each task last counted them: one gauge sums them, and a task that
     * moves to another instance takes its count with it.
     */
    static final class RoomsByTask {
        private final Map<String, Integer> byTask = new ConcurrentHashMap<>();

        RoomsByTask(MeterRegistry meters, String name, String description) {
            Gauge.builder(name, byTask, counts -> counts.values().stream().mapToInt(Integer::intValue).sum())
                    .description(description).register(meters);
        }

        /** Rooms holding commands back after a failure, waiting for their retry. */
        static RoomsByTask held(MeterRegistry meters) {
            return new RoomsByTask(meters, "roomsync.rolesync.held.rooms", "Rooms whose oldest commands are held back "
                    + "while Tencent fails them, waiting for their retry (counted every expiry-check-interval)");
        }

        /** Rooms with a call to start and no free slot (max-calls-in-flight reached). */
        static RoomsByTask waitingForSlot(MeterRegistry meters) {
            return new RoomsByTask(meters, "roomsync.rolesync.rooms.waiting.for.call", "Rooms with commands to send "
                    + "that wait because max-calls-in-flight calls are in flight (counted every call-check-interval)");
        }

        /** Rooms with a call to start whose API's rate-limiter permits are spent for now (CallPermits). */
        static RoomsByTask waitingForPermit(MeterRegistry meters) {
            return new RoomsByTask(meters, "roomsync.rolesync.rooms.waiting.for.permit", "Rooms with commands to send "
                    + "whose call waits, its batch growing, until Tencent's rate limiter has a permit for it (counted "
                    + "every call-check-interval)");
        }

        void counted(String task, int rooms) {
            byTask.put(task, rooms);
        }

        void closed(String task) {
            byTask.remove(task);
        }
    }

    private final MeterRegistry meters;

    RoleSyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void commandOutcome(String outcome) {
        Counter.builder("roomsync.rolesync.commands").tag("outcome", outcome.toLowerCase())
                .description("Member commands by outcome").register(meters).increment();
    }

    void stateChanged(String cause) {
        Counter.builder("roomsync.rolesync.state.changes").tag("cause", cause.toLowerCase())
                .description("Member state changes published, by cause").register(meters).increment();
    }

    /** Member changes of callbacks older than one already applied to the member (CallbackOrder), one per member. */
    void staleCallbacks(int count) {
        // Registered at the first, so the series exists (at 0) before any callback arrives late.
        Counter counter = Counter.builder("roomsync.rolesync.stale.callbacks")
                .description("Callbacks (one per member they name) that changed nothing because a newer callback about "
                        + "the same member had been applied (EventTime order)").register(meters);
        if (count > 0) {
            counter.increment(count);
        }
    }

    /** Member states removed with their destroyed room (each a tombstone on the member-state topic). */
    void removedWithRoom(int members) {
        Counter counter = Counter.builder("roomsync.rolesync.removed.members")
                .description("Member states removed because their room was destroyed (tombstones published)").register(meters);
        if (members > 0) {
            counter.increment(members);
        }
    }

    /** Callback times and room ends deleted by a sweep, as no late callback can matter to them any more. */
    void forgotten(int entries) {
        Counter counter = Counter.builder("roomsync.rolesync.forgotten.entries")
                .description("Callback times and destroyed rooms' end times deleted once older than dedupe-window")
                .register(meters);
        if (entries > 0) {
            counter.increment(entries);
        }
    }

    /** One Tencent call started for {@code commands} queued commands of a room (the batching factor). */
    private void callStarted(int commands) {
        DistributionSummary.builder("roomsync.rolesync.call.commands")
                .description("Member commands one Tencent call carried (consecutive commands of a room batched)")
                .register(meters).record(commands);
    }

    /**
     * Where a command's time goes before its state, in timers with histograms: from its {@code requestedAt} to its
     * processing on the stream thread ({@code roomsync.rolesync.command.arrival}: the trip through Kafka and the
     * thread's backlog; see {@link #commandArrived}), and to its call's planning ({@code roomsync.rolesync.command.wait}:
     * that, then the wait behind its room's previous call, the batch window, the wait for a rate-limiter permit), then
     * from planning to the answer applied on the stream thread ({@code roomsync.rolesync.call.time}: the client's
     * permit wait, Tencent, the hand-back). The commit and the reader's poll come after them.
     */
    void callStarted(Call call) {
        callStarted(call.commands().size());
        Timer wait = Timer.builder("roomsync.rolesync.command.wait").publishPercentileHistogram()
                .description("From a member command's requestedAt to the planning of the Tencent call that carries it")
                .register(meters);
        for (RoomQueues.Queued queued : call.commands()) {
            Duration waited = Duration.between(((MemberCommand) queued.input()).getRequestedAt(), call.plannedAt());
            // A requester's clock ahead of role-sync's counts as no wait.
            wait.record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    /** A command taken from its topic at {@code now}: {@code roomsync.rolesync.command.arrival} (see {@link #callStarted(Call)}). */
    void commandArrived(MemberCommand command, Instant now) {
        Duration trip = Duration.between(command.getRequestedAt(), now);
        Timer.builder("roomsync.rolesync.command.arrival").publishPercentileHistogram()
                .description("From a member command's requestedAt to its processing by role-sync's stream thread")
                .register(meters).record(trip.isNegative() ? Duration.ZERO : trip);
    }

    /** A call's answer applied at {@code now}: {@code roomsync.rolesync.call.time} (see {@link #callStarted(Call)}). */
    void callAnswered(Call call, Instant now) {
        Timer.builder("roomsync.rolesync.call.time").publishPercentileHistogram()
                .description("From the planning of a Tencent call of member commands to its answer applied")
                .register(meters).record(Duration.between(call.plannedAt(), now));
    }

    void deadLettered(String topic) {
        Counter.builder("roomsync.rolesync.dead.lettered").tag("topic", topic)
                .description("Records role-sync sent to a dead-letter topic (undecodable or unprocessable), by source topic")
                .register(meters).increment();
    }
}
