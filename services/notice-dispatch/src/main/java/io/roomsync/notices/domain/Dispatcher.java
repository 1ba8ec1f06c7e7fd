package io.roomsync.notices.domain;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import io.roomsync.contract.notice.NoticeAudience;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * notice-dispatch's decisions. Member states and other services' notices wait per room; a room sends its notices
 * first (as they are) and then one message per batch of its members' newest versions that clients do not have yet. A
 * failed send waits with growing backoff; after too many failures, or at once when Tencent refuses for good, the
 * message goes to the dead-letter topic (clients still catch up from the snapshot or role-sync's query API). Snapshots
 * of the room's admins, mutes and bans are rewritten after changes, at most once a room's interval and within the
 * app's budget of attribute writes ({@link NoticeGateway#snapshotPermitted}, shared by the whole process and, by
 * share, by every replica).
 *
 * <p><b>Priority.</b> Messages come before snapshots: each tick first starts every message that may go
 * ({@link #flush}), then snapshots ({@link #snapshots}) with the call slots left. A room's snapshot is started only
 * after the room's message that may go now has gone (or while none may), only when its turn came in the process's
 * {@link SnapshotQueue} (rooms owing a programme change ({@link Programme}) first, then the oldest due, over every
 * task of the process), and only when the attribute-write budget has a write free at once (it never queues in the
 * client holding its room's turn); otherwise it waits for a later tick, and a snapshot that waits is counted once
 * ({@link Outcomes#snapshotDeferred}). Messages and snapshots draw from different Tencent budgets (send_group_msg and
 * modify_group_attr), so a snapshot never takes a message's permit; a message that becomes due while its room's
 * snapshot is written waits for that write's answer.
 *
 * <p><b>Concurrency.</b> The dispatcher belongs to one stream task and is called on its stream thread only, except
 * for the hand-over of completions. A Tencent call is only <em>started</em> here ({@link NoticeGateway} returns at
 * once); it runs on the client's threads, and what it ended with is queued ({@link ConcurrentLinkedQueue}) and
 * <em>applied</em> on the stream thread by {@link #applyCompleted} (the processor calls it at the start of every
 * record and of every tick), so the stores' records of what was sent, the retries and the dead letters are written
 * in the task's exactly-once transaction. Rules:
 * <ul>
 *   <li>A room has at most one call in flight (a message or its snapshot write), so its messages are sent, and
 *       delivered, in order; different rooms' calls run side by side, and none waits for another's.</li>
 *   <li>The process has at most {@link CallSlots} calls in flight over all rooms; a room that finds none free waits.</li>
 *   <li><b>Leading edge.</b> A room with no call in flight, no backoff, room in its budget, and whose last message
 *       started at least {@code coalesceWindow} ago sends at once: the first change after a quiet spell goes out
 *       without waiting. What arrives while its call is in flight, within the window after its last message, while
 *       its budget is spent, while it backs off or while no slot is free waits and goes together in its next message
 *       (the newest version of each member, up to {@code maxMembersPerMessage} members a message). So a room's
 *       messages start at least the window apart, and a busy room's messages carry more.</li>
 *   <li>"In flight" is memory only. After a crash or a task's move the room's pending message is simply sent again:
 *       a batch is kept in the room's pending record once started ({@link PendingRoom#batch}), so it is the same
 *       message with the same {@code Random} ({@link NoticeProtocol#random}), which Tencent delivers once. Completions
 *       that arrive after {@link #close} (the task closed) are dropped.</li>
 * </ul>
 * A gateway whose stages complete at once (a test's) makes every call complete within the call that started it, so
 * the dispatcher then behaves as a synchronous one: a tick sends all a room may send.
 */
public final class Dispatcher {
    /** What the dispatcher keeps between ticks (Kafka Streams stores in production). */
    public interface Rooms {
        Optional<PendingRoom> pending(String roomKey);

        void putPending(String roomKey, PendingRoom room);

        void deletePending(String roomKey);

        long lastNotified(String memberKey);

        void notified(String memberKey, long version);

        /** The member's last notable state (admin, owner, muted or banned), if it has one. */
        Optional<MemberNotice> member(String memberKey);

        void putMember(String memberKey, MemberNotice member);

        void deleteMember(String memberKey);

        List<MemberNotice> members(long app, String room);

        /** The next snapshot number of a room (1, 2, ...). */
        long nextSnapshotNumber(String roomKey);

        boolean seenNotice(String noticeId);

        void rememberNotice(String noticeId, long nowMillis);

        /** Rooms with something pending (to find them again after a restart). */
        List<String> pendingRooms();

        /** Forgets the version the member was last notified at. */
        void forgetNotified(String memberKey);

        /**
         * Forgets every notified version for which {@code unneeded} (given the member key) is true.
         *
         * @return how many were forgotten
         */
        int forgetNotifiedWhere(java.util.function.Predicate<String> unneeded);

        /** Whether a notified version or a notable entry of any member of the room is kept. */
        boolean knowsMembers(long app, String room);

        /** Forgets the room's snapshot number (its next snapshot is number 1). */
        void forgetSnapshotNumber(String roomKey);

        /** The room's programme ({@link Programme}), if one was ever scheduled (a cancelled one is kept, for its version). */
        Optional<Programme> programme(String roomKey);

        void putProgramme(String roomKey, Programme programme);

        /** Rooms whose programme's last change is not yet in their group attributes (to write it after a restart). */
        List<String> unwrittenProgrammes();
    }

    /** What the dispatcher counts, and where a message that cannot be delivered goes. */
    public interface Outcomes {
        void sent(int messages, int members, List<Long> latenciesMillis);

        void superseded(int entries);

        /** A change clients need not hear of: role, mute and ban stayed as they were (say a join or a leave). */
        void unchanged();

        void retried(String roomKey, int code);

        void deadLettered(Notice notice, String reason);

        void snapshotWritten(String roomKey);

        /**
         * A changed room's due snapshot had to wait for a later tick, counted once per snapshot (at its first wait):
         * {@code "budget"}, for the app's attribute writes (none free now, or older snapshots of the process ahead of
         * it in the {@link SnapshotQueue}); {@code "slots"}, no call slot free ({@link CallSlots}).
         */
        default void snapshotDeferred(String reason) {
        }

        /**
         * A call carrying these entries started for the first time: how long each had waited since its change (a
         * member state's change in role-sync, a notice's creation), in milliseconds. Its latency is this wait and
         * the call's own time.
         */
        default void started(List<Long> waitedMillis) {
        }
    }

    /**
     * The settings of {@code roomsync.notices.*} the dispatcher needs ({@code NoticeProperties} documents them);
     * {@code coalesceWindow} is the least time between the starts of a room's member-state messages.
     */
    public record Settings(Duration coalesceWindow, int roomRatePerSecond, int maxMembersPerMessage, int maxFailures,
                           Duration initialBackoff, Duration maxBackoff, int snapshotParts, Duration snapshotInterval) {
    }

    /** A call a room has in flight. */
    private sealed interface Call permits NoticeCall, BatchCall, SnapshotCall {
    }

    /** Another service's notice, the head of the room's notices. */
    private record NoticeCall(String noticeId) implements Call {
    }

    /** The room's batch of member states ({@link PendingRoom#batch}). */
    private record BatchCall(String noticeId) implements Call {
    }

    /** A snapshot write, with the version of the room's programme it carries (0: none). */
    private record SnapshotCall(long programmeVersion) implements Call {
    }

    /** How a call ended, handed from the client's thread to the stream thread; {@code failure} null when it was taken. */
    private record Completion(String roomKey, Call call, NoticeGateway.Failed failure, long completedAtMillis) {
    }

    private final Rooms rooms;
    private final NoticeGateway tencent;
    private final Outcomes outcomes;
    private final Settings settings;
    private final CallSlots slots;
    private final LongSupplier clock;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> snapshotDirty = new LinkedHashSet<>();
    /** When each room's snapshot became needed (its first change not yet written); 0 for rooms owed since a restart. */
    private final Map<String, Long> snapshotNeededSince = new HashMap<>();
    /** Rooms whose due snapshot already had to wait (counted once, until it is written). */
    private final Set<String> snapshotWaited = new HashSet<>();
    private final SnapshotQueue snapshotQueue;
    /** Rooms whose programme change is owed to their attributes: their snapshot writes go first. */
    private final Set<String> programmeOwed = new LinkedHashSet<>();
    private final Map<String, RoomBudget> budgets = new HashMap<>();
    private final Map<String, Long> lastSnapshot = new HashMap<>();
    private final Map<String, Call> inFlight = new HashMap<>();
    private final Queue<Completion> completed = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** A dispatcher with no bound on calls in flight over rooms, a snapshot queue of its own, and the system clock. */
    public Dispatcher(Rooms rooms, NoticeGateway tencent, Outcomes outcomes, Settings settings) {
        this(rooms, tencent, outcomes, settings, new CallSlots(Integer.MAX_VALUE), System::currentTimeMillis);
    }

    /** A dispatcher with a snapshot queue of its own. */
    public Dispatcher(Rooms rooms, NoticeGateway tencent, Outcomes outcomes, Settings settings, CallSlots slots,
                      LongSupplier clock) {
        this(rooms, tencent, outcomes, settings, slots, new SnapshotQueue(), clock);
    }

    /**
     * @param slots the process's bound on calls in flight, shared by every task's dispatcher
     * @param snapshotQueue the process's order of due snapshots, shared by every task's dispatcher
     * @param clock epoch milliseconds, read on the client's threads when a call ends (for the latency reported)
     */
    public Dispatcher(Rooms rooms, NoticeGateway tencent, Outcomes outcomes, Settings settings, CallSlots slots,
                      SnapshotQueue snapshotQueue, LongSupplier clock) {
        this.rooms = rooms;
        this.tencent = tencent;
        this.outcomes = outcomes;
        this.settings = settings;
        this.slots = slots;
        this.snapshotQueue = snapshotQueue;
        this.clock = clock;
        dirty.addAll(rooms.pendingRooms());
        // A programme change is owed to the attributes until a write of it succeeded: never lost to a restart.
        programmeOwed.addAll(rooms.unwrittenProgrammes());
        programmeOwed.forEach(roomKey -> snapshotNeeded(roomKey, 0));
    }

    /**
     * A member's new state. Only a change of what clients show (role, mute, ban) becomes a notice: presence changes
     * of a live room's audience would otherwise flood it. Only notable members are kept, for the room snapshot.
     */
    public void onState(MemberState state, long nowMillis) {
        if (state.getCauseKind() == ChangeCause.ROOM_DESTROYED) {
            // Tencent removed the group with its members and attributes and told its clients (the SDK's group
            // dismissed notice); a message to it could only fail. What is kept about the member goes.
            onRemoved(state.getSdkAppId(), state.getRoom(), state.getMember());
            return;
        }
        String roomKey = Keys.appRoom(state.getSdkAppId(), state.getRoom());
        String memberKey = Keys.member(state.getSdkAppId(), state.getRoom(), state.getMember());
        MemberNotice notice = MemberNotice.of(state);
        Optional<MemberNotice> held = rooms.member(memberKey);
        // A member's states arrive in version order (one key, one partition, kept by the repartition by room); an
        // older one can only be a replay, of a state kept or already sent.
        long newest = Math.max(held.map(MemberNotice::version).orElse(0L), rooms.lastNotified(memberKey));
        if (notice.version() <= newest) {
            return;
        }
        if (notice.notable(nowMillis)) {
            rooms.putMember(memberKey, notice);
        } else if (held.isPresent()) {
            rooms.deleteMember(memberKey);
        }
        if (notice.samePermissions(held.orElse(MemberNotice.PLAIN))) {
            outcomes.unchanged();
            return;
        }
        PendingRoom room = rooms.pending(roomKey).orElseGet(() -> PendingRoom.empty(state.getSdkAppId(), state.getRoom(), nowMillis));
        List<MemberNotice> states = new ArrayList<>(room.states());
        states.add(notice);
        rooms.putPending(roomKey, withFirst(room, nowMillis).with(states, room.notices(), room.failures(), room.nextAttemptAt()));
        dirty.add(roomKey);
        snapshotNeeded(roomKey, nowMillis);
    }

    /**
     * A member role-sync removed (a tombstone on the member-state topic, written when the member's room was destroyed,
     * after its cleared state). Forgets the member's notified version, its notable entry and its changes waiting to
     * go out; once no member of the room is kept, forgets the room's snapshot number and what is kept in memory about
     * it (its last snapshot time; its rate budget goes with the next sweep, once idle), so a room Tencent creates again with the same id starts clean: its members'
     * versions start again at 1 and are sent ({@link RoomRetention}). Other services' notices still waiting for the
     * room are left to go out (or, as Tencent refuses a destroyed group, to the dead-letter topic).
     */
    public void onRemoved(long app, String room, String member) {
        String roomKey = Keys.appRoom(app, room);
        String memberKey = Keys.member(app, room, member);
        rooms.forgetNotified(memberKey);
        rooms.deleteMember(memberKey);
        rooms.pending(roomKey).ifPresent(pending -> {
            List<MemberNotice> others = withoutUser(pending.states(), member);
            // A batch in flight that carries the member: when it completes, only the members it still holds are
            // recorded as notified, so nothing of the removed member is kept again.
            List<MemberNotice> batch = withoutUser(pending.batch(), member);
            if (others.size() == pending.states().size() && batch.size() == pending.batch().size()) {
                return;
            }
            PendingRoom after = pending.withBatch(batch, others, pending.failures(), pending.nextAttemptAt());
            if (after.isEmpty()) {
                rooms.deletePending(roomKey);
                dirty.remove(roomKey);
            } else {
                rooms.putPending(roomKey, after);
            }
        });
        if (!rooms.knowsMembers(app, room)) {
            rooms.forgetSnapshotNumber(roomKey);
            snapshotNotNeeded(roomKey);
            programmeOwed.remove(roomKey);
            lastSnapshot.remove(roomKey);
        }
    }

    /**
     * Forgets what no longer matters ({@link RoomRetention}): the notified versions of members that are neither
     * notable nor waiting to be sent, and the in-memory rate budgets and snapshot times of rooms idle long enough to
     * start afresh. Run on a wall-clock schedule ({@code sweep-interval}).
     *
     * @return how many notified versions were forgotten
     */
    public int sweep(long nowMillis) {
        Map<String, Set<String>> waiting = new HashMap<>();
        int forgotten = rooms.forgetNotifiedWhere(memberKey -> {
            Keys.MemberKey key = Keys.parseMember(memberKey);
            String roomKey = Keys.appRoom(key.sdkAppId(), key.groupId());
            // (a member of the batch in flight waits too)
            Set<String> users = waiting.computeIfAbsent(roomKey, k -> rooms.pending(k).map(p -> java.util.stream.Stream
                    .concat(p.states().stream(), p.batch().stream())
                    .map(MemberNotice::user).collect(java.util.stream.Collectors.toSet())).orElse(Set.of()));
            return !RoomRetention.keepNotified(rooms.member(memberKey).isPresent(), users.contains(key.userId()));
        });
        budgets.entrySet().removeIf(entry -> !dirty.contains(entry.getKey()) && !inFlight.containsKey(entry.getKey())
                && entry.getValue().idle(nowMillis));
        lastSnapshot.entrySet().removeIf(entry -> !snapshotDirty.contains(entry.getKey())
                && RoomRetention.snapshotTimeOutlived(entry.getValue(), nowMillis, settings.snapshotInterval()));
        return forgotten;
    }

    /**
     * Another service's notice, queued to go out once, in order (deduplicated by id). A {@link Programme#KIND} notice
     * is a change of the room's programme (the API's): it is applied here, in the task's transaction, at the room's
     * next programme version; the room is announced the new version ({@link Programme#notice}) and its snapshot write,
     * which carries the programme, is owed until it succeeds. A programme notice whose body is no change is given up
     * (dead-lettered) at once.
     */
    public void onNotice(Notice received, long nowMillis) {
        if (rooms.seenNotice(received.getId())) {
            return;
        }
        rooms.rememberNotice(received.getId(), nowMillis);
        String roomKey = Keys.appRoom(received.getSdkAppId(), received.getRoom());
        Notice notice;
        if (Programme.KIND.equals(received.getKind())) {
            Optional<Programme> changed = programmeChanged(roomKey, received, nowMillis);
            if (changed.isEmpty()) {
                return;
            }
            notice = Notice.newBuilder(received).setBody(changed.get().notice(received.getRoom())).build();
        } else {
            notice = received;
        }
        PendingRoom room = rooms.pending(roomKey).orElseGet(() -> PendingRoom.empty(notice.getSdkAppId(), notice.getRoom(), nowMillis));
        List<PendingRoom.OutgoingNotice> notices = new ArrayList<>(room.notices());
        notices.add(new PendingRoom.OutgoingNotice(notice.getId(), notice.getAudience() == NoticeAudience.ROOM,
                List.copyOf(notice.getUsers()), notice.getKind(), notice.getBody(), wirePriority(notice), notice.getCreatedAt().toEpochMilli()));
        rooms.putPending(roomKey, withFirst(room, nowMillis).with(room.states(), notices, room.failures(), room.nextAttemptAt()));
        dirty.add(roomKey);
    }

    /**
     * Applies the programme change a {@link Programme#KIND} notice carries: the room's next version, owed to its
     * attributes until a snapshot write of it succeeds. Empty (the notice given up) when its body is no change.
     */
    private Optional<Programme> programmeChanged(String roomKey, Notice notice, long nowMillis) {
        Programme.Change change;
        try {
            change = Programme.Change.fromJson(notice.getBody());
        } catch (IllegalArgumentException e) {
            outcomes.deadLettered(notice, e.getMessage());
            return Optional.empty();
        }
        Programme programme = Programme.next(rooms.programme(roomKey).orElse(null), change);
        rooms.putProgramme(roomKey, programme);
        programmeOwed.add(roomKey);
        snapshotNeeded(roomKey, nowMillis);
        return Optional.of(programme);
    }

    /** One tick: completions are applied, then every room that may send starts its next call. */
    public void flush(long nowMillis) {
        applyCompleted(nowMillis);
        for (String roomKey : List.copyOf(dirty)) {
            dispatch(roomKey, nowMillis);
        }
    }

    /**
     * The room's next call, if it may start now: what a record just added goes out at once when the room is idle
     * (the leading edge), without waiting for the next tick.
     *
     * @param roomKey {@code app/room} ({@link Keys#appRoom})
     */
    public void flushRoom(String roomKey, long nowMillis) {
        applyCompleted(nowMillis);
        if (dirty.contains(roomKey)) {
            dispatch(roomKey, nowMillis);
        }
    }

    /** Applies every call that ended since the last time: what was sent, retries, dead letters, snapshot outcomes. */
    public void applyCompleted(long nowMillis) {
        for (Completion done = completed.poll(); done != null; done = completed.poll()) {
            if (!closed) {
                apply(done, nowMillis);
            }
        }
    }

    /**
     * The task closed (a rebalance moved it, or the process stops): calls still in flight end unheard. What they
     * carried is still pending in the stores, and is sent again by whichever task owns the room next.
     */
    public void close() {
        closed = true;
        completed.clear();
        // Its rooms' snapshots go with the rooms to their next owner; none may stay at the head of the process's queue.
        snapshotQueue.removeAll(this);
    }

    /** Calls of this task in flight now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Starts the room's calls while it may: one at a time, the next once the last completed (at once, in tests). */
    private void dispatch(String roomKey, long nowMillis) {
        while (!inFlight.containsKey(roomKey) && slots.available()) {
            RoomBudget budget = budget(roomKey);
            if (!budget.hasRoom(nowMillis)) {
                return;
            }
            Optional<PendingRoom> pending = rooms.pending(roomKey);
            if (pending.isEmpty() || pending.get().isEmpty()) {
                pending.ifPresent(empty -> rooms.deletePending(roomKey));
                dirty.remove(roomKey);
                return;
            }
            PendingRoom room = pending.get();
            if (nowMillis < room.nextAttemptAt()) {
                return;
            }
            boolean started;
            if (!room.notices().isEmpty()) {
                started = startNotice(roomKey, room, budget, nowMillis);
            } else if (budget.startedBefore(nowMillis, settings.coalesceWindow().toMillis())) {
                started = startBatch(roomKey, room, budget, nowMillis);
            } else {
                return;
            }
            if (!started) {
                return;
            }
            applyCompleted(nowMillis);
        }
    }

    private boolean startNotice(String roomKey, PendingRoom room, RoomBudget budget, long nowMillis) {
        PendingRoom.OutgoingNotice notice = room.notices().get(0);
        long random = NoticeProtocol.random(notice.id());
        List<Long> waited = room.failures() == 0 ? List.of(nowMillis - notice.createdAtMillis()) : List.of();
        return start(roomKey, new NoticeCall(notice.id()), budget, nowMillis, waited, () -> notice.toRoom()
                ? tencent.sendToRoom(room.app(), room.room(), random, notice.body(), notice.kind(), notice.priority())
                : tencent.sendToUsers(room.app(), notice.users(), random, notice.body(), notice.kind()));
    }

    private boolean startBatch(String roomKey, PendingRoom waiting, RoomBudget budget, long nowMillis) {
        PendingRoom room = planned(roomKey, waiting);
        if (room.batch().isEmpty()) {
            if (room.isEmpty()) {
                rooms.deletePending(roomKey);
                dirty.remove(roomKey);
            }
            return false;
        }
        List<MemberNotice> batch = room.batch();
        String noticeId = NoticeProtocol.noticeId(room.app(), room.room(), batch);
        String data = NoticeProtocol.json(room.room(), batch);
        List<Long> waited = room.failures() == 0 ? batch.stream().map(m -> nowMillis - m.changedAt()).toList() : List.of();
        return start(roomKey, new BatchCall(noticeId), budget, nowMillis, waited, () ->
                tencent.sendToRoom(room.app(), room.room(), NoticeProtocol.random(noticeId), data, NoticeProtocol.DESC, "High"));
    }

    /**
     * The room with its next batch chosen, if it had none: the newest version of each member clients do not have yet,
     * the first {@code maxMembersPerMessage} in user order; the other members' newest versions wait for the next
     * message, and older versions are dropped (superseded). Written to the store, so the batch survives a crash.
     */
    private PendingRoom planned(String roomKey, PendingRoom room) {
        if (!room.batch().isEmpty()) {
            return room;
        }
        Map<String, Long> last = new HashMap<>();
        for (MemberNotice state : room.states()) {
            last.computeIfAbsent(state.user(), u -> rooms.lastNotified(Keys.member(room.app(), room.room(), u)));
        }
        Coalescer.Plan plan = Coalescer.plan(room.states(), last, settings.maxMembersPerMessage());
        if (plan.superseded() > 0) {
            outcomes.superseded(plan.superseded());
        }
        List<MemberNotice> batch = plan.messages().isEmpty() ? List.of() : plan.messages().get(0);
        List<MemberNotice> later = new ArrayList<>();
        plan.messages().stream().skip(1).forEach(later::addAll);
        PendingRoom planned = room.withBatch(batch, later, room.failures(), room.nextAttemptAt());
        if (!planned.isEmpty()) {
            rooms.putPending(roomKey, planned);
        }
        return planned;
    }

    /**
     * Starts one call of a room if a slot is free and its budget allows (snapshot writes, {@code budget} null, were
     * let through by the attribute-write budget). Its end is queued for {@link #applyCompleted}; the slot is given back at once.
     */
    private boolean start(String roomKey, Call call, RoomBudget budget, long nowMillis, List<Long> waited,
                          Supplier<CompletionStage<Void>> send) {
        if (!slots.tryAcquire()) {
            return false;
        }
        if (budget != null && !budget.tryTake(nowMillis)) {
            slots.release();
            return false;
        }
        inFlight.put(roomKey, call);
        CompletionStage<Void> stage;
        try {
            stage = send.get();
        } catch (RuntimeException e) {
            inFlight.remove(roomKey);
            slots.release();
            throw e;
        }
        if (!waited.isEmpty()) {
            outcomes.started(waited);
        }
        stage.whenComplete((ok, error) -> {
            slots.release();
            if (!closed) {
                completed.add(new Completion(roomKey, call, failure(error), clock.getAsLong()));
            }
        });
        return true;
    }

    private static NoticeGateway.Failed failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null || cause instanceof NoticeGateway.Failed) {
            return (NoticeGateway.Failed) cause;
        }
        // Not Tencent's answer (a fault of the gateway itself): retried like a call that got no answer.
        return new NoticeGateway.Failed(-1, cause.toString(), false);
    }

    private void apply(Completion done, long nowMillis) {
        if (inFlight.get(done.roomKey()) != done.call()) {
            return;
        }
        inFlight.remove(done.roomKey());
        if (done.call() instanceof SnapshotCall) {
            snapshotEnded(done, nowMillis);
            return;
        }
        budget(done.roomKey()).ended(nowMillis);
        dirty.add(done.roomKey());
        Optional<PendingRoom> pending = rooms.pending(done.roomKey());
        if (pending.isEmpty()) {
            return;
        }
        PendingRoom room = pending.get();
        PendingRoom after;
        if (done.call() instanceof NoticeCall call) {
            if (room.notices().isEmpty() || !room.notices().get(0).id().equals(call.noticeId())) {
                return;
            }
            after = noticeEnded(done, room, nowMillis);
        } else {
            if (room.batch().isEmpty()) {
                return;
            }
            after = batchEnded(done, room, nowMillis);
        }
        if (after.isEmpty()) {
            rooms.deletePending(done.roomKey());
        } else {
            rooms.putPending(done.roomKey(), after);
        }
    }

    private PendingRoom noticeEnded(Completion done, PendingRoom room, long nowMillis) {
        PendingRoom.OutgoingNotice notice = room.notices().get(0);
        List<PendingRoom.OutgoingNotice> rest = new ArrayList<>(room.notices().subList(1, room.notices().size()));
        if (done.failure() == null) {
            outcomes.sent(1, 0, List.of(done.completedAtMillis() - notice.createdAtMillis()));
            return room.with(room.states(), rest, 0, 0);
        }
        if (givesUp(room, done.failure())) {
            outcomes.deadLettered(asNotice(room, notice), done.failure().getMessage());
            return room.with(room.states(), rest, 0, 0);
        }
        return backoff(done.roomKey(), room, done.failure(), nowMillis);
    }

    /** The batch went out (its members are notified at their versions), is given up, or waits to be sent again. */
    private PendingRoom batchEnded(Completion done, PendingRoom room, long nowMillis) {
        List<MemberNotice> batch = room.batch();
        if (done.failure() == null) {
            List<Long> latencies = new ArrayList<>();
            for (MemberNotice member : batch) {
                rooms.notified(Keys.member(room.app(), room.room(), member.user()), member.version());
                latencies.add(done.completedAtMillis() - member.changedAt());
            }
            outcomes.sent(1, batch.size(), latencies);
            return room.withBatch(List.of(), room.states(), 0, 0);
        }
        if (givesUp(room, done.failure())) {
            outcomes.deadLettered(asNotice(room, NoticeProtocol.noticeId(room.app(), room.room(), batch),
                    NoticeProtocol.json(room.room(), batch), nowMillis), done.failure().getMessage());
            return room.withBatch(List.of(), room.states(), 0, 0);
        }
        return backoff(done.roomKey(), room, done.failure(), nowMillis);
    }

    /** Whether the head message is given up: Tencent refused it for good, or it failed {@code maxFailures} times. */
    private boolean givesUp(PendingRoom room, NoticeGateway.Failed failed) {
        return failed.permanent() || room.failures() + 1 >= settings.maxFailures();
    }

    private PendingRoom backoff(String roomKey, PendingRoom room, NoticeGateway.Failed failed, long nowMillis) {
        int failures = room.failures() + 1;
        long wait = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(20, failures - 1));
        outcomes.retried(roomKey, failed.code());
        return room.withBatch(room.batch(), room.states(), failures, nowMillis + wait);
    }

    /**
     * Rewrites the snapshots of changed rooms, each at most once its interval, within the app's attribute-write
     * budget, after the messages (see Priority above), in the order of the process's {@link SnapshotQueue}; a room's
     * snapshot write is one of its calls (it waits while a message of the room is in flight, and its next message
     * waits for it), so it reflects the notices sent before it.
     */
    public void snapshots(long nowMillis) {
        applyCompleted(nowMillis);
        queueDueSnapshots(nowMillis);
        for (String roomKey : snapshotQueue.roomsOf(this)) {
            if (!snapshotQueue.isHead(this, roomKey, nowMillis)) {
                snapshotWaits(roomKey, "budget");
                continue;
            }
            if (!slots.available()) {
                snapshotWaits(roomKey, "slots");
                continue;
            }
            Keys.AppRoom appRoom = Keys.parseAppRoom(roomKey);
            long app = appRoom.sdkAppId();
            String room = appRoom.groupId();
            if (!tencent.snapshotPermitted(app)) {
                snapshotWaits(roomKey, "budget");
                continue;
            }
            Optional<Programme> programme = rooms.programme(roomKey);
            Map<String, String> attributes = new LinkedHashMap<>(RoomSnapshot.attributes(room, rooms.nextSnapshotNumber(roomKey),
                    rooms.members(app, room), settings.snapshotParts(), nowMillis));
            programme.ifPresent(p -> attributes.put(Programme.ATTRIBUTE, p.attribute()));
            long programmeVersion = programme.map(Programme::version).orElse(0L);
            if (!start(roomKey, new SnapshotCall(programmeVersion), null, nowMillis, List.of(),
                    () -> tencent.writeSnapshot(app, room, attributes))) {
                snapshotWaits(roomKey, "slots");
                continue;
            }
            lastSnapshot.put(roomKey, nowMillis);
            snapshotNotNeeded(roomKey);
            applyCompleted(nowMillis);
        }
    }

    /**
     * Puts in the process's queue the rooms whose snapshot is due (changed, and their interval since the last write
     * passed) and that could be written now: the room's message that may go now goes first, and a room with a call in
     * flight leaves the queue until it ended (keeping its due time, so its place).
     */
    private void queueDueSnapshots(long nowMillis) {
        for (String roomKey : List.copyOf(snapshotDirty)) {
            long dueAt = snapshotNeededSince.getOrDefault(roomKey, 0L);
            Long last = lastSnapshot.get(roomKey);
            if (last != null) {
                dueAt = Math.max(dueAt, last + settings.snapshotInterval().toMillis());
            }
            if (dueAt > nowMillis) {
                continue;
            }
            if (dirty.contains(roomKey)) {
                dispatch(roomKey, nowMillis);
            }
            if (inFlight.containsKey(roomKey)) {
                snapshotQueue.remove(this, roomKey);
                continue;
            }
            snapshotQueue.offer(this, Keys.parseAppRoom(roomKey).sdkAppId(), roomKey, programmeOwed.contains(roomKey), dueAt,
                    nowMillis);
        }
    }

    /** The room's snapshot is needed (a change since its last write); it keeps the time of the first such change. */
    private void snapshotNeeded(String roomKey, long sinceMillis) {
        snapshotDirty.add(roomKey);
        snapshotNeededSince.putIfAbsent(roomKey, sinceMillis);
    }

    /** The room's snapshot is no longer needed: its write started, or the room is forgotten. */
    private void snapshotNotNeeded(String roomKey) {
        snapshotDirty.remove(roomKey);
        snapshotNeededSince.remove(roomKey);
        snapshotWaited.remove(roomKey);
        snapshotQueue.remove(this, roomKey);
    }

    /** A due snapshot waits for a later tick: counted at its first wait only. */
    private void snapshotWaits(String roomKey, String reason) {
        if (snapshotWaited.add(roomKey)) {
            outcomes.snapshotDeferred(reason);
        }
    }

    /**
     * A snapshot write ended. A failure other than a permanent one (Tencent's 10049, attribute writes too frequent,
     * say) leaves the room to be written again after its interval; changes that arrived meanwhile marked it anyway.
     * A success records the programme version it carried as written (a newer change stays owed).
     */
    private void snapshotEnded(Completion done, long nowMillis) {
        if (done.failure() == null) {
            long written = ((SnapshotCall) done.call()).programmeVersion();
            rooms.programme(done.roomKey()).filter(p -> !p.written() && p.version() == written).ifPresent(p -> {
                rooms.putProgramme(done.roomKey(), p.asWritten());
                programmeOwed.remove(done.roomKey());
            });
            outcomes.snapshotWritten(done.roomKey());
            return;
        }
        if (done.failure().permanent()) {
            // The room is gone (say destroyed): its programme went with it; a restart tries it once more.
            programmeOwed.remove(done.roomKey());
        } else {
            snapshotNeeded(done.roomKey(), nowMillis);
        }
        outcomes.retried(done.roomKey(), done.failure().code());
    }

    private RoomBudget budget(String roomKey) {
        return budgets.computeIfAbsent(roomKey, k -> new RoomBudget(settings.roomRatePerSecond()));
    }

    private static List<MemberNotice> withoutUser(List<MemberNotice> entries, String user) {
        return new ArrayList<>(entries.stream().filter(m -> !m.user().equals(user)).toList());
    }

    private static PendingRoom withFirst(PendingRoom room, long nowMillis) {
        return room.isEmpty() ? new PendingRoom(room.app(), room.room(), room.states(), room.notices(), nowMillis,
                room.failures(), room.nextAttemptAt(), room.batch()) : room;
    }

    private static String wirePriority(Notice notice) {
        return switch (notice.getPriority()) {
            case HIGH -> "High";
            case LOW -> "Low";
            default -> "Normal";
        };
    }

    private static Notice asNotice(PendingRoom room, PendingRoom.OutgoingNotice notice) {
        return Notice.newBuilder().setId(notice.id()).setSdkAppId(room.app()).setRoom(room.room())
                .setAudience(notice.toRoom() ? NoticeAudience.ROOM : NoticeAudience.USERS).setUsers(notice.users())
                .setKind(notice.kind()).setBody(notice.body()).setCreatedAt(Instant.ofEpochMilli(notice.createdAtMillis()))
                .build();
    }

    private static Notice asNotice(PendingRoom room, String noticeId, String data, long nowMillis) {
        return Notice.newBuilder().setId(noticeId).setSdkAppId(room.app()).setRoom(room.room())
                .setAudience(NoticeAudience.ROOM).setKind(NoticeProtocol.DESC).setBody(data)
                .setRequester("notice-dispatch").setCreatedAt(Instant.ofEpochMilli(nowMillis)).build();
    }
}
