package io.roomsync.notices.domain;

import static io.roomsync.notices.domain.DispatcherTest.T;
import static io.roomsync.notices.domain.DispatcherTest.muted;
import static io.roomsync.notices.domain.DispatcherTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, case 7, as notice-dispatch sees it: a destroyed room's members are forgotten (no notice to a group Tencent
 * removed), a room created again with the same id is notified from version 1, and notified versions of members that
 * are neither notable nor waiting go at the sweep.
 */
class RoomEndTest {

    private static final String ALICE = "1400000000/live_1/alice";
    private static final String BOB = "1400000000/live_1/bob";
    private static final String CAROL = "1400000000/live_1/carol";

    private final DispatcherTest.Memory rooms = new DispatcherTest.Memory();
    private final DispatcherTest.Recording tencent = new DispatcherTest.Recording();
    private final Dispatcher dispatcher = new Dispatcher(rooms, tencent, new DispatcherTest.Counting(), new Dispatcher.Settings(
            Duration.ofMillis(200), 5, 60, 3, Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1)));

    @Test
    void aDestroyedRoomLeavesNothingAndSendsNothing() {
        // Given alice admin and bob muted, notified and in the snapshot, and carol's grant still waiting
        givenNotifiedAdminAndMute();
        dispatcher.onState(state("carol", 1, MemberRole.ADMIN), T + 2000);

        // When role-sync clears them (ROOM_DESTROYED) and then removes every member (tombstones)
        dispatcher.onState(destroyed(state("alice", 2, MemberRole.MEMBER)), T + 2050);
        dispatcher.onState(destroyed(state("bob", 2, MemberRole.MEMBER)), T + 2050);
        dispatcher.onState(destroyed(state("carol", 2, MemberRole.MEMBER)), T + 2050);
        List.of("alice", "bob", "carol").forEach(user -> dispatcher.onRemoved(1400000000L, "live_1", user));
        dispatcher.flush(T + 5000);
        dispatcher.snapshots(T + 5000);

        // Then no message went to the removed group, and nothing of the room is kept
        assertThat(tencent.messages).hasSize(1);
        assertThat(tencent.snapshots).hasSize(1);
        assertThat(rooms.notified).isEmpty();
        assertThat(rooms.members).isEmpty();
        assertThat(rooms.pending).isEmpty();
        assertThat(rooms.snapshots).isEmpty();
    }

    @Test
    void aRoomCreatedAgainWithTheSameIdIsNotifiedFromVersionOne() {
        givenNotifiedAdminAndMute();
        dispatcher.onState(destroyed(state("alice", 2, MemberRole.MEMBER)), T + 2000);
        dispatcher.onRemoved(1400000000L, "live_1", "alice");
        dispatcher.onState(destroyed(state("bob", 2, MemberRole.MEMBER)), T + 2000);
        dispatcher.onRemoved(1400000000L, "live_1", "bob");

        // When the room is created again and alice made admin there: version 1 of the new room
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T + 3000);
        dispatcher.flush(T + 3200);
        dispatcher.snapshots(T + 3200);

        // Then she is notified at version 1, in the new room's first snapshot
        assertThat(tencent.messages).hasSize(2);
        assertThat(tencent.messages.get(1)).contains("\"user\":\"alice\",\"role\":\"ADMIN\"").contains("\"version\":1}");
        assertThat(rooms.notified).containsOnly(java.util.Map.entry(ALICE, 1L));
        assertThat(tencent.snapshots.get(1).get(RoomSnapshot.META)).contains("\"snapshot\":1,");
    }

    @Test
    void theSweepForgetsNotifiedVersionsOfMembersNeitherNotableNorWaiting() {
        // Given alice admin and bob muted, notified; then bob unmuted and notified (plain now)
        givenNotifiedAdminAndMute();
        dispatcher.onState(state("bob", 2, MemberRole.MEMBER), T + 2000);
        dispatcher.flush(T + 2200);
        // and carol's grant waiting (not yet due)
        dispatcher.onState(state("carol", 1, MemberRole.ADMIN), T + 2300);
        assertThat(rooms.notified).containsOnlyKeys(ALICE, BOB);

        // When the sweep runs
        int forgotten = dispatcher.sweep(T + 2400);

        // Then bob's version goes (plain, nothing waiting); alice's stays (notable)
        assertThat(forgotten).isEqualTo(1);
        assertThat(rooms.notified).containsOnlyKeys(ALICE);
        // and a later change of bob still goes out
        dispatcher.flush(T + 2600);
        dispatcher.onState(muted("bob", 3, T + 600_000), T + 3000);
        dispatcher.flush(T + 3300);
        assertThat(rooms.notified).containsEntry(BOB, 3L).containsEntry(CAROL, 1L);
    }

    private void givenNotifiedAdminAndMute() {
        dispatcher.onState(state("alice", 1, MemberRole.ADMIN), T);
        dispatcher.onState(muted("bob", 1, T + 600_000), T);
        dispatcher.flush(T + 200);
        dispatcher.snapshots(T + 200);
        assertThat(rooms.notified).containsOnlyKeys(ALICE, BOB);
    }

    private static MemberState destroyed(MemberState state) {
        return MemberState.newBuilder(state).setCauseKind(ChangeCause.ROOM_DESTROYED).build();
    }
}
