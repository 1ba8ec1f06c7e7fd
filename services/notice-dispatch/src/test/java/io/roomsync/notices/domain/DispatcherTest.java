package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import io.roomsync.contract.notice.NoticeAudience;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The dispatcher with its stores in memory and Tencent as a recording stand-in. */
class DispatcherTest {

    static final long T = 1764064800000L;
    private final Memory rooms = new Memory();
    private final Recording tencent = new Recording();
    private final Counting outcomes = new Counting();
    private final Dispatcher dispatcher = new Dispatcher(rooms, tencent, outcomes, new Dispatcher.Settings(Duration.ofMillis(200),
            2, 60, 3, Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1)));

    @Test
    void changesWaitingTogetherGoOutAsOneHighPriorityMessage() {
        // (the room's first message is no longer held for the window: see AsyncDispatchTest for the leading edge)
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        dispatcher.onState(muted("bob", 1, T + 600_000), T + 50);
        dispatcher.onState(state("alice", 2, MemberRole.MEMBER), T + 100);

        dispatcher.flush(T + 200);

        assertThat(tencent.messages).containsExactly("live_1 High roomsync.member.state {\"type\":\"member.state.batch\",\"v\":1,"
                + "\"room\":\"live_1\",\"members\":[{\"user\":\"alice\",\"role\":\"MEMBER\",\"mutedUntil\":null,\"bannedUntil\":null,"
                + "\"version\":2},{\"user\":\"bob\",\"role\":\"MEMBER\",\"mutedUntil\":" + (T + 600_000) + ",\"bannedUntil\":null,\"version\":1}]}");
        assertThat(outcomes.superseded).isEqualTo(1);
        assertThat(rooms.notified).containsEntry("1400000000/live_1/alice", 2L).containsEntry("1400000000/live_1/bob", 1L);
        dispatcher.flush(T + 1000);
        assertThat(tencent.messages).as("nothing left").hasSize(1);
    }

    @Test
    void aRoomNeverGetsMoreThanItsBudget() {
        // Given a budget of 2 a second and 5 waves of changes
        for (int wave = 0; wave < 5; wave++) {
            dispatcher.onState(state("u" + wave, 1, MemberRole.ADMIN), T + wave * 210L);
            dispatcher.flush(T + wave * 210L + 200);
        }
        // Then within the first second only 2 messages went out; the rest waits for tokens
        assertThat(tencent.messages).hasSize(2);
        dispatcher.flush(T + 3000);
        assertThat(tencent.messages).hasSize(3);
        assertThat(tencent.messages.get(2)).contains("\"u2\"").contains("\"u3\"").contains("\"u4\"");
    }

    @Test
    void aFailedSendWaitsAndIsRetriedWithTheSameRandom() {
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        tencent.failures.add(new NoticeGateway.Failed(10002, "internal error", false));

        dispatcher.flush(T + 200);
        assertThat(outcomes.retried).containsExactly(10002);
        dispatcher.flush(T + 600);
        assertThat(tencent.randoms).as("backing off").hasSize(1);
        dispatcher.flush(T + 700);

        assertThat(tencent.randoms).hasSize(2);
        assertThat(tencent.randoms.get(0)).isEqualTo(tencent.randoms.get(1));
        assertThat(rooms.notified).containsEntry("1400000000/live_1/alice", 1L);
    }

    @Test
    void aPermanentFailureGoesToTheDeadLetterTopicAndTheRoomGoesOn() {
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        tencent.failures.add(new NoticeGateway.Failed(10010, "group does not exist", true));
        dispatcher.flush(T + 200);

        assertThat(outcomes.deadLettered).hasSize(1);
        assertThat(outcomes.deadLettered.get(0).getBody()).contains("\"user\":\"alice\"");
        dispatcher.onState(state("bob", 1, MemberRole.ADMIN), T + 300);
        dispatcher.flush(T + 2000);
        assertThat(tencent.messages).hasSize(1);
    }

    @Test
    void otherServicesNoticesAreSentAsTheyAreAndOnce() {
        Notice notice = Notice.newBuilder().setId("n-1").setSdkAppId(1400000000L).setRoom("live_1")
                .setAudience(NoticeAudience.USERS).setUsers(List.of("alice")).setKind("promo").setBody("{\"hi\":1}")
                .setCreatedAt(Instant.ofEpochMilli(T)).build();
        dispatcher.onNotice(notice, T);
        dispatcher.onNotice(notice, T + 10);
        dispatcher.flush(T + 20);

        assertThat(tencent.userMessages).containsExactly("[alice] promo {\"hi\":1}");
    }

    @Test
    void aChangedRoomGetsItsSnapshotWrittenAtMostOnceItsInterval() {
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        dispatcher.snapshots(T + 10);
        dispatcher.onState(state("alice", 2, MemberRole.MEMBER), T + 20);
        dispatcher.snapshots(T + 30);
        assertThat(tencent.snapshots).hasSize(1);
        dispatcher.snapshots(T + 1010);
        assertThat(tencent.snapshots).hasSize(2);
        assertThat(tencent.snapshots.get(1).get("rs.meta")).contains("\"snapshot\":2").contains("\"members\":0");
    }

    @Test
    void aRoomWhoseIdHasASlashGetsItsOwnSnapshotWithItsOwnMembersOnly() {
        // Given alice admin of room "live/1" and bob admin of room "live"
        dispatcher.onState(MemberState.newBuilder(state("alice", 1, MemberRole.ADMIN)).setRoom("live/1").build(), T);
        dispatcher.onState(MemberState.newBuilder(state("bob", 1, MemberRole.ADMIN)).setRoom("live").build(), T);

        // When the snapshots are written
        dispatcher.snapshots(T + 10);

        // Then each room's snapshot is written to that room and holds its own admin only
        assertThat(tencent.snapshotRooms).containsExactlyInAnyOrder("1400000000 live/1", "1400000000 live");
        Map<String, String> ofLive1 = tencent.snapshots.get(tencent.snapshotRooms.indexOf("1400000000 live/1"));
        Map<String, String> ofLive = tencent.snapshots.get(tencent.snapshotRooms.indexOf("1400000000 live"));
        assertThat(ofLive1.get("rs.p0")).contains("\"u\":\"alice\"").doesNotContain("bob");
        assertThat(ofLive.get("rs.p0")).contains("\"u\":\"bob\"").doesNotContain("alice");
    }

    @Test
    void aChangeClientsWouldNotSeeSendsNothing() {
        // Given bob muted, and notified
        dispatcher.onState(muted("bob", 1, T + 600_000), T);
        dispatcher.flush(T + 200);

        // When carol joins (a plain member's first version) and bob leaves (presence only: still muted)
        dispatcher.onState(state("carol", 1, MemberRole.MEMBER), T + 300);
        dispatcher.onState(muted("bob", 2, T + 600_000), T + 310);
        dispatcher.flush(T + 2000);

        // Then no second message went out, and both changes were counted as unchanged
        assertThat(tencent.messages).hasSize(1);
        assertThat(outcomes.unchanged).isEqualTo(2);
        // And the room snapshot holds bob at his newest version
        dispatcher.snapshots(T + 2000);
        assertThat(tencent.snapshots.get(0).get("rs.p0")).contains("\"u\":\"bob\"").contains("\"v\":2").doesNotContain("carol");
    }

    @Test
    void aMemberNoLongerNotableIsNoticedOnceAndLeavesTheSnapshot() {
        // Given alice admin, notified
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        dispatcher.flush(T + 200);

        // When her admin role is revoked, and then the older version is replayed
        dispatcher.onState(state("alice", 2, MemberRole.MEMBER), T + 300);
        dispatcher.flush(T + 1500);
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T + 1600);
        dispatcher.flush(T + 2000);
        dispatcher.snapshots(T + 2000);

        // Then clients hear of version 2 only, and the snapshot no longer holds her
        assertThat(tencent.messages).hasSize(2);
        assertThat(tencent.messages.get(1)).contains("\"role\":\"MEMBER\"").contains("\"version\":2");
        assertThat(rooms.members).isEmpty();
        assertThat(tencent.snapshots.get(0).get("rs.meta")).contains("\"members\":0");
    }

    static MemberState muted(String user, long version, long until) {
        return MemberState.newBuilder(state(user, version, MemberRole.MEMBER)).setMutedUntil(Instant.ofEpochMilli(until)).build();
    }

    static MemberState state(String user, long version, MemberRole role) {
        return MemberState.newBuilder().setSdkAppId(1400000000L).setRoom("live_1").setMember(user).setRole(role)
                .setVersion(version).setCause("c").setCauseKind(ChangeCause.COMMAND).setChangedAt(Instant.ofEpochMilli(T)).build();
    }

    /** Tencent answering every call at once: its stages are complete when returned, so every call ends where it starts. */
    static final class Recording implements NoticeGateway {
        final List<String> messages = new ArrayList<>();
        final List<Long> randoms = new ArrayList<>();
        final List<String> userMessages = new ArrayList<>();
        final List<Map<String, String>> snapshots = new ArrayList<>();
        final List<String> snapshotRooms = new ArrayList<>();
        final List<Failed> failures = new ArrayList<>();
        /** Failures the next snapshot writes end with, in order. */
        final List<Failed> snapshotFailures = new ArrayList<>();
        /** Attribute writes the app's budget still has (the process's, shared by every dispatcher given this gateway). */
        int snapshotPermits = Integer.MAX_VALUE;

        @Override
        public boolean snapshotPermitted(long app) {
            return snapshotPermits > 0;
        }

        @Override
        public CompletionStage<Void> sendToRoom(long app, String room, long random, String data, String desc, String priority) {
            randoms.add(random);
            if (!failures.isEmpty()) {
                return CompletableFuture.failedFuture(failures.remove(0));
            }
            messages.add(room + " " + priority + " " + desc + " " + data);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> sendToUsers(long app, List<String> users, long random, String data, String desc) {
            userMessages.add(users + " " + desc + " " + data);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> writeSnapshot(long app, String room, Map<String, String> attributes) {
            snapshotPermits--;
            if (!snapshotFailures.isEmpty()) {
                return CompletableFuture.failedFuture(snapshotFailures.remove(0));
            }
            snapshots.add(attributes);
            snapshotRooms.add(app + " " + room);
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class Counting implements Dispatcher.Outcomes {
        int superseded;
        int unchanged;
        final List<Integer> retried = new ArrayList<>();
        final List<Notice> deadLettered = new ArrayList<>();
        final List<String> snapshotsDeferred = new ArrayList<>();

        @Override
        public void snapshotDeferred(String reason) {
            snapshotsDeferred.add(reason);
        }

        @Override
        public void sent(int messages, int members, List<Long> latenciesMillis) {
        }

        @Override
        public void superseded(int entries) {
            superseded += entries;
        }

        @Override
        public void unchanged() {
            unchanged++;
        }

        @Override
        public void retried(String roomKey, int code) {
            retried.add(code);
        }

        @Override
        public void deadLettered(Notice notice, String reason) {
            deadLettered.add(notice);
        }

        @Override
        public void snapshotWritten(String roomKey) {
        }
    }

    static final class Memory implements Dispatcher.Rooms {
        final Map<String, PendingRoom> pending = new HashMap<>();
        final Map<String, Long> notified = new HashMap<>();
        final Map<String, MemberNotice> members = new HashMap<>();
        final Map<String, Long> snapshots = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final Map<String, Programme> programmes = new HashMap<>();

        @Override
        public Optional<PendingRoom> pending(String roomKey) {
            return Optional.ofNullable(pending.get(roomKey));
        }

        @Override
        public void putPending(String roomKey, PendingRoom room) {
            pending.put(roomKey, room);
        }

        @Override
        public void deletePending(String roomKey) {
            pending.remove(roomKey);
        }

        @Override
        public long lastNotified(String memberKey) {
            return notified.getOrDefault(memberKey, 0L);
        }

        @Override
        public void notified(String memberKey, long version) {
            notified.put(memberKey, version);
        }

        @Override
        public Optional<MemberNotice> member(String memberKey) {
            return Optional.ofNullable(members.get(memberKey));
        }

        @Override
        public void putMember(String memberKey, MemberNotice member) {
            members.put(memberKey, member);
        }

        @Override
        public void deleteMember(String memberKey) {
            members.remove(memberKey);
        }

        @Override
        public List<MemberNotice> members(long app, String room) {
            return members.entrySet().stream().filter(e -> e.getKey().startsWith(Keys.memberPrefix(app, room)))
                    .map(Map.Entry::getValue).toList();
        }

        @Override
        public long nextSnapshotNumber(String roomKey) {
            return snapshots.merge(roomKey, 1L, Long::sum);
        }

        @Override
        public boolean seenNotice(String noticeId) {
            return seen.contains(noticeId);
        }

        @Override
        public void rememberNotice(String noticeId, long nowMillis) {
            seen.add(noticeId);
        }

        @Override
        public List<String> pendingRooms() {
            return List.copyOf(pending.keySet());
        }

        @Override
        public void forgetNotified(String memberKey) {
            notified.remove(memberKey);
        }

        @Override
        public int forgetNotifiedWhere(java.util.function.Predicate<String> unneeded) {
            List<String> gone = notified.keySet().stream().filter(unneeded).toList();
            gone.forEach(notified::remove);
            return gone.size();
        }

        @Override
        public boolean knowsMembers(long app, String room) {
            String prefix = Keys.memberPrefix(app, room);
            return notified.keySet().stream().anyMatch(k -> k.startsWith(prefix)) || members.keySet().stream().anyMatch(k -> k.startsWith(prefix));
        }

        @Override
        public void forgetSnapshotNumber(String roomKey) {
            snapshots.remove(roomKey);
        }

        @Override
        public Optional<Programme> programme(String roomKey) {
            return Optional.ofNullable(programmes.get(roomKey));
        }

        @Override
        public void putProgramme(String roomKey, Programme programme) {
            programmes.put(roomKey, programme);
        }

        @Override
        public List<String> unwrittenProgrammes() {
            return programmes.entrySet().stream().filter(e -> !e.getValue().written()).map(Map.Entry::getKey).toList();
        }
    }
}
