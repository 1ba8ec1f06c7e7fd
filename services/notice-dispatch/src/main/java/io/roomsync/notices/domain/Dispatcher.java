package io.roomsync.notices.domain;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import io.roomsync.contract.notice.NoticeAudience;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * notice-dispatch's decisions. Member states and other services' notices wait per room; on each tick a room whose
 * oldest change waited the coalescing window, and whose budget has a token, gets its notices sent first (as they are)
 * and then one message per batch of its members' newest versions that clients do not have yet. A failed send waits
 * with growing backoff; after too many failures, or at once when Tencent refuses for good, the message goes to the
 * dead-letter topic (clients still catch up from the snapshot or role-sync's query API). Snapshots of the room's
 * admins, mutes and bans are rewritten after changes, at most once a room's interval and within a global rate.
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
    }

    /** The settings of {@code roomsync.notices.*} the dispatcher needs. */
    public record Settings(Duration coalesceWindow, int roomRatePerSecond, int maxMembersPerMessage, int maxFailures,
                           Duration initialBackoff, Duration maxBackoff, int snapshotParts, Duration snapshotInterval,
                           int snapshotRatePerSecond) {
    }

    private final Rooms rooms;
    private final NoticeGateway tencent;
    private final Outcomes outcomes;
    private final Settings settings;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> snapshotDirty = new LinkedHashSet<>();
    private final Map<String, RoomBudget> budgets = new HashMap<>();
    private final Map<String, Long> lastSnapshot = new HashMap<>();
    private RoomBudget snapshotBudget;

    public Dispatcher(Rooms rooms, NoticeGateway tencent, Outcomes outcomes, Settings settings) {
        this.rooms = rooms;
        this.tencent = tencent;
        this.outcomes = outcomes;
        this.settings = settings;
        dirty.addAll(rooms.pendingRooms());
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
        snapshotDirty.add(roomKey);
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
            List<MemberNotice> others = pending.states().stream().filter(m -> !m.user().equals(member)).toList();
            if (others.size() == pending.states().size()) {
                return;
            }
            PendingRoom after = pending.with(new ArrayList<>(others), pending.notices(), pending.failures(), pending.nextAttemptAt());
            if (after.isEmpty()) {
                rooms.deletePending(roomKey);
                dirty.remove(roomKey);
            } else {
                rooms.putPending(roomKey, after);
            }
        });
        if (!rooms.knowsMembers(app, room)) {
            rooms.forgetSnapshotNumber(roomKey);
            snapshotDirty.remove(roomKey);
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
            Set<String> users = waiting.computeIfAbsent(roomKey, k -> rooms.pending(k).map(p -> p.states().stream()
                    .map(MemberNotice::user).collect(java.util.stream.Collectors.toSet())).orElse(Set.of()));
            return !RoomRetention.keepNotified(rooms.member(memberKey).isPresent(), users.contains(key.userId()));
        });
        budgets.entrySet().removeIf(entry -> !dirty.contains(entry.getKey()) && entry.getValue().idle(nowMillis));
        lastSnapshot.entrySet().removeIf(entry -> !snapshotDirty.contains(entry.getKey())
                && RoomRetention.snapshotTimeOutlived(entry.getValue(), nowMillis, settings.snapshotInterval()));
        return forgotten;
    }

    public void onNotice(Notice notice, long nowMillis) {
        if (rooms.seenNotice(notice.getId())) {
            return;
        }
        rooms.rememberNotice(notice.getId(), nowMillis);
        String roomKey = Keys.appRoom(notice.getSdkAppId(), notice.getRoom());
        PendingRoom room = rooms.pending(roomKey).orElseGet(() -> PendingRoom.empty(notice.getSdkAppId(), notice.getRoom(), nowMillis));
        List<PendingRoom.OutgoingNotice> notices = new ArrayList<>(room.notices());
        notices.add(new PendingRoom.OutgoingNotice(notice.getId(), notice.getAudience() == NoticeAudience.ROOM,
                List.copyOf(notice.getUsers()), notice.getKind(), notice.getBody(), wirePriority(notice), notice.getCreatedAt().toEpochMilli()));
        rooms.putPending(roomKey, withFirst(room, nowMillis).with(room.states(), notices, room.failures(), room.nextAttemptAt()));
        dirty.add(roomKey);
    }

    /** One tick: every room that is due and has budget sends what it can. */
    public void flush(long nowMillis) {
        for (String roomKey : List.copyOf(dirty)) {
            Optional<PendingRoom> pending = rooms.pending(roomKey);
            if (pending.isEmpty() || pending.get().isEmpty()) {
                rooms.deletePending(roomKey);
                dirty.remove(roomKey);
                continue;
            }
            PendingRoom room = pending.get();
            boolean waited = nowMillis - room.firstAtMillis() >= settings.coalesceWindow().toMillis();
            if (nowMillis < room.nextAttemptAt() || (!waited && room.notices().isEmpty())) {
                continue;
            }
            PendingRoom after = send(roomKey, room, nowMillis);
            if (after.isEmpty()) {
                rooms.deletePending(roomKey);
                dirty.remove(roomKey);
            } else {
                rooms.putPending(roomKey, after);
            }
        }
    }

    private PendingRoom send(String roomKey, PendingRoom room, long nowMillis) {
        RoomBudget budget = budgets.computeIfAbsent(roomKey, k -> new RoomBudget(settings.roomRatePerSecond()));
        List<PendingRoom.OutgoingNotice> notices = new ArrayList<>(room.notices());
        while (!notices.isEmpty() && budget.tryTake(nowMillis)) {
            PendingRoom.OutgoingNotice notice = notices.get(0);
            try {
                long random = NoticeProtocol.random(notice.id());
                if (notice.toRoom()) {
                    tencent.sendToRoom(room.app(), room.room(), random, notice.body(), notice.kind(), notice.priority());
                } else {
                    tencent.sendToUsers(room.app(), notice.users(), random, notice.body(), notice.kind());
                }
                notices.remove(0);
                outcomes.sent(1, 0, List.of(nowMillis - notice.createdAtMillis()));
            } catch (NoticeGateway.Failed failed) {
                if (failed.permanent() || room.failures() + 1 >= settings.maxFailures()) {
                    notices.remove(0);
                    outcomes.deadLettered(asNotice(room, notice), failed.getMessage());
                    continue;
                }
                return backoff(roomKey, room.with(room.states(), notices, room.failures(), 0), failed, nowMillis);
            }
        }
        if (!notices.isEmpty()) {
            return room.with(room.states(), notices, room.failures(), 0);
        }
        Map<String, Long> last = new HashMap<>();
        for (MemberNotice state : room.states()) {
            last.computeIfAbsent(state.user(), u -> rooms.lastNotified(Keys.member(room.app(), room.room(), u)));
        }
        Coalescer.Plan plan = Coalescer.plan(room.states(), last, settings.maxMembersPerMessage());
        if (plan.superseded() > 0) {
            outcomes.superseded(plan.superseded());
        }
        Set<String> sentUsers = new HashSet<>();
        for (List<MemberNotice> message : plan.messages()) {
            if (!budget.tryTake(nowMillis)) {
                break;
            }
            String noticeId = NoticeProtocol.noticeId(room.app(), room.room(), message);
            String data = NoticeProtocol.json(room.room(), message);
            try {
                tencent.sendToRoom(room.app(), room.room(), NoticeProtocol.random(noticeId), data, NoticeProtocol.DESC, "High");
                delivered(room, message, nowMillis, sentUsers);
            } catch (NoticeGateway.Failed failed) {
                if (failed.permanent() || room.failures() + 1 >= settings.maxFailures()) {
                    outcomes.deadLettered(asNotice(room, noticeId, data), failed.getMessage());
                    message.forEach(m -> sentUsers.add(m.user()));
                    continue;
                }
                return backoff(roomKey, room.with(remaining(room.states(), sentUsers, plan), notices, room.failures(), 0), failed, nowMillis);
            }
        }
        return room.with(remaining(room.states(), sentUsers, plan), notices, 0, 0);
    }

    private void delivered(PendingRoom room, List<MemberNotice> message, long nowMillis, Set<String> sentUsers) {
        List<Long> latencies = new ArrayList<>();
        for (MemberNotice member : message) {
            rooms.notified(Keys.member(room.app(), room.room(), member.user()), member.version());
            latencies.add(nowMillis - member.changedAt());
            sentUsers.add(member.user());
        }
        outcomes.sent(1, message.size(), latencies);
    }

    /** What stays pending: the entries of members not yet sent (a member sent had its newest version sent). */
    private static List<MemberNotice> remaining(List<MemberNotice> states, Set<String> sentUsers, Coalescer.Plan plan) {
        Set<String> planned = new HashSet<>();
        plan.messages().forEach(message -> message.forEach(m -> planned.add(m.user())));
        List<MemberNotice> left = new ArrayList<>();
        for (MemberNotice state : states) {
            if (planned.contains(state.user()) && !sentUsers.contains(state.user())) {
                left.add(state);
            }
        }
        return left;
    }

    private PendingRoom backoff(String roomKey, PendingRoom room, NoticeGateway.Failed failed, long nowMillis) {
        int failures = room.failures() + 1;
        long wait = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(20, failures - 1));
        outcomes.retried(roomKey, failed.code());
        return room.with(room.states(), room.notices(), failures, nowMillis + wait);
    }

    /** Rewrites the snapshots of changed rooms, each at most once its interval, all within the global rate. */
    public void snapshots(long nowMillis) {
        if (snapshotBudget == null) {
            snapshotBudget = new RoomBudget(settings.snapshotRatePerSecond());
        }
        for (String roomKey : List.copyOf(snapshotDirty)) {
            long last = lastSnapshot.getOrDefault(roomKey, 0L);
            if (nowMillis - last < settings.snapshotInterval().toMillis()) {
                continue;
            }
            if (!snapshotBudget.tryTake(nowMillis)) {
                return;
            }
            Keys.AppRoom appRoom = Keys.parseAppRoom(roomKey);
            long app = appRoom.sdkAppId();
            String room = appRoom.groupId();
            Map<String, String> attributes = RoomSnapshot.attributes(room, rooms.nextSnapshotNumber(roomKey),
                    rooms.members(app, room), settings.snapshotParts(), nowMillis);
            lastSnapshot.put(roomKey, nowMillis);
            try {
                tencent.writeSnapshot(app, room, attributes);
                snapshotDirty.remove(roomKey);
                outcomes.snapshotWritten(roomKey);
            } catch (NoticeGateway.Failed failed) {
                if (failed.permanent()) {
                    snapshotDirty.remove(roomKey);
                }
                outcomes.retried(roomKey, failed.code());
            }
        }
    }

    private static PendingRoom withFirst(PendingRoom room, long nowMillis) {
        return room.isEmpty() ? new PendingRoom(room.app(), room.room(), room.states(), room.notices(), nowMillis,
                room.failures(), room.nextAttemptAt()) : room;
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
                .setKind(notice.kind()).setBody(notice.body()).setCreatedAt(java.time.Instant.ofEpochMilli(notice.createdAtMillis()))
                .build();
    }

    private static Notice asNotice(PendingRoom room, String noticeId, String data) {
        return Notice.newBuilder().setId(noticeId).setSdkAppId(room.app()).setRoom(room.room())
                .setAudience(NoticeAudience.ROOM).setKind(NoticeProtocol.DESC).setBody(data)
                .setRequester("notice-dispatch").setCreatedAt(java.time.Instant.now()).build();
    }
}
