package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.GroupCreated;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, case 7, as role-sync sees it: a destroyed room's members are cleared, then forgotten (their keys come out
 * as tombstones); only the room's end time stays, so a late callback of the old room changes nothing, while a room
 * created again with the same id starts clean at version 1.
 */
class RoomEndTest {

    private static final long APP = 1400000000L;
    private static final String ROOM = "live_1";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant END = NOW.minusSeconds(10);
    private static final String ALICE = Keys.member(APP, ROOM, "alice");
    private static final String BOB = Keys.member(APP, ROOM, "bob");
    private static final String CAROL = Keys.member(APP, ROOM, "carol");
    private static final String OTHER_ROOM_ALICE = Keys.member(APP, "live_2", "alice");
    private static final String DESTROY = "Group.CallbackAfterGroupDestroyed";

    private final RoleSyncTest.InMemoryStore store = new RoleSyncTest.InMemoryStore();
    private final RoleSyncTest.InMemoryQueues queues = new RoleSyncTest.InMemoryQueues();
    private final RoleSyncTest.RecordingTencent tencent = new RoleSyncTest.RecordingTencent();
    private final RoleSync roleSync = new RoleSync(store, queues, tencent,
            new CommandRules.Limits(Duration.ofDays(30), Duration.ofDays(365), 500), Set.of(APP), Duration.ofMinutes(10));

    @Test
    void aDestroyedRoomIsClearedThenForgottenWithOnlyItsEndLeft() {
        // Given alice admin, bob joined and muted, carol joined and gone, and alice also in another room
        givenAPopulatedRoom();

        // When the room is destroyed
        RoleSync.Outputs outputs = roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        // Then clients first get the cleared states of the members whose state changed (carol's was already plain and out)
        assertThat(outputs.states()).extracting(MemberState::getMember).containsExactlyInAnyOrder("alice", "bob");
        assertThat(outputs.states()).allMatch(s -> s.getCauseKind() == ChangeCause.ROOM_DESTROYED && s.getRole() == MemberRole.MEMBER
                && s.getMutedUntil() == null && !s.getPresent());
        // and then every member key the room had, to tombstone
        assertThat(outputs.removedMembers()).containsExactly(ALICE, BOB, CAROL);
        // and nothing of the room is left but its end; the other room is untouched
        assertThat(store.states).containsOnlyKeys(OTHER_ROOM_ALICE);
        assertThat(store.callbackTimes).containsOnlyKeys(OTHER_ROOM_ALICE + "|PRESENCE");
        assertThat(store.expiries).isEmpty();
        assertThat(store.endedRooms).containsExactly(Map.entry(Keys.appRoom(APP, ROOM), END));
    }

    @Test
    void aLateCallbackOfTheOldRoomChangesNothingAndIsCounted() {
        givenAPopulatedRoom();
        roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        // When a join stamped before the end arrives after it
        RoleSync.Outputs late = roleSync.onEvent(stamped("ev-late", ROOM, END.minusMillis(1), "Group.CallbackAfterNewMemberJoin",
                new MembersJoined("Apply", List.of("dave", "erin"))), NOW);

        // Then nothing of the room comes back, and both members named are stale
        assertThat(late.states()).isEmpty();
        assertThat(late.staleCallbacks()).isEqualTo(2);
        assertThat(store.states).containsOnlyKeys(OTHER_ROOM_ALICE);
    }

    @Test
    void aRoomCreatedAgainWithTheSameIdStartsCleanAtVersionOne() {
        givenAPopulatedRoom();
        roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        // When Tencent creates the room again, owned by bob, and alice joins it
        RoleSync.Outputs created = roleSync.onEvent(stamped("ev-again", ROOM, END.plusSeconds(1), "Group.CallbackAfterCreateGroup",
                new GroupCreated("bob", "Live again", List.of())), NOW);
        RoleSync.Outputs joined = roleSync.onEvent(stamped("ev-join-again", ROOM, END.plusSeconds(2), "Group.CallbackAfterNewMemberJoin",
                new MembersJoined("Apply", List.of("alice"))), NOW);

        // Then each starts from nothing: version 1, plain but for what the new room says
        MemberState bob = created.states().get(0);
        assertThat(bob.getRole()).isEqualTo(MemberRole.OWNER);
        assertThat(bob.getVersion()).isEqualTo(1);
        MemberState alice = joined.states().get(0);
        assertThat(alice.getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(alice.getPresent()).isTrue();
        assertThat(alice.getVersion()).isEqualTo(1);
    }

    @Test
    void aDestroyWithoutEventTimeForgetsTheRoomAndRecordsNoEnd() {
        givenAPopulatedRoom();

        RoleSync.Outputs outputs = roleSync.onEvent(stamped("ev-end", ROOM, null, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        assertThat(outputs.removedMembers()).containsExactly(ALICE, BOB, CAROL);
        assertThat(store.states).containsOnlyKeys(OTHER_ROOM_ALICE);
        assertThat(store.endedRooms).isEmpty();
    }

    @Test
    void anOlderDestroyDeliveredLateKeepsTheNewerEnd() {
        roleSync.onEvent(stamped("ev-end-2", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        roleSync.onEvent(stamped("ev-end-1", ROOM, END.minusSeconds(60), DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        assertThat(store.endedRooms).containsExactly(Map.entry(Keys.appRoom(APP, ROOM), END));
    }

    @Test
    void aDestroyDeliveredAfterTheRoomCreatedAgainEndsOnlyTheOldRoom() {
        // Given the old room (alice admin, bob muted, carol gone) ended at END, and Tencent created the room again:
        // dave joined it at END + 1 s, alice joined it too at END + 2 s, and erin was muted in it by a command at
        // END + 3 s, all delivered before the destroy (two ingest replicas, seconds apart)
        givenAPopulatedRoom();
        roleSync.onEvent(stamped("ev-new-1", ROOM, END.plusSeconds(1), "Group.CallbackAfterNewMemberJoin",
                new MembersJoined("Apply", List.of("dave"))), NOW);
        roleSync.onEvent(stamped("ev-new-2", ROOM, END.plusSeconds(2), "Group.CallbackAfterNewMemberJoin",
                new MembersJoined("Apply", List.of("alice"))), NOW);
        sent(io.roomsync.contract.member.MemberCommand.newBuilder(
                CommandRulesTest.command(MemberAction.MUTE, 3600L, "erin")).setId("cmd-new-mute")
                .setRequestedAt(END.plusSeconds(3)).build(), END.plusSeconds(3));

        // When the old room's destroy arrives
        RoleSync.Outputs outputs = roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        // Then only bob and carol, known only from before the end, are cleared and forgotten
        assertThat(outputs.states()).extracting(MemberState::getMember).containsExactly("bob");
        assertThat(outputs.removedMembers()).containsExactly(BOB, CAROL);
        assertThat(outputs.staleCallbacks()).isZero();
        // and the new room's members keep their state: dave and alice present (alice still admin: a role the old room
        // gave her, which a reconcile of the new room corrects), erin muted, with their callback times and expiry
        String dave = Keys.member(APP, ROOM, "dave");
        String erin = Keys.member(APP, ROOM, "erin");
        assertThat(store.states).containsOnlyKeys(OTHER_ROOM_ALICE, ALICE, dave, erin);
        assertThat(store.states.get(dave).getPresent()).isTrue();
        assertThat(store.states.get(ALICE).getPresent()).isTrue();
        assertThat(store.states.get(erin).getMutedUntil()).isNotNull();
        assertThat(store.callbackTimes).containsOnlyKeys(OTHER_ROOM_ALICE + "|PRESENCE", dave + "|PRESENCE", ALICE + "|PRESENCE");
        assertThat(store.expiries.values()).containsExactly(erin);
        assertThat(store.endedRooms).containsExactly(Map.entry(Keys.appRoom(APP, ROOM), END));
    }

    @Test
    void aDestroyEndsTheCommandsHeldForTheRoomThatWereRequestedBeforeIt() {
        // Given Tencent fails every call: a mute requested before the room ended is held, a grant requested after it
        // (for the room created again) waits behind it, and another room's mute is held too
        tencent.refuse = new PermissionGateway.Refused(10002, "internal error", 5, false);
        sent(command("cmd-before", ROOM, MemberAction.MUTE, "bob", END.minusSeconds(5)), END.minusSeconds(5));
        // (queued; the room's retry is due, but no punctuation has started it yet)
        roleSync.onCommand(command("cmd-after", ROOM, MemberAction.GRANT_ADMIN, "dave", END.plusSeconds(1)), END.plusSeconds(1));
        sent(command("cmd-other", "live_2", MemberAction.MUTE, "bob", END.minusSeconds(5)), END.minusSeconds(5));

        // When the room's destroy arrives
        RoleSync.Outputs outputs = roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY, new GroupDestroyed("alice", "Live", List.of())), NOW);

        // Then the mute ends REJECTED (room ended), with the calls made for it, and is never applied to the new room
        assertThat(outputs.results()).hasSize(1);
        io.roomsync.contract.member.CommandResult ended = outputs.results().get(0);
        assertThat(ended.getCommandId()).isEqualTo("cmd-before");
        assertThat(ended.getOutcome()).isEqualTo(io.roomsync.contract.member.CommandOutcome.REJECTED);
        assertThat(ended.getErrorCode()).isEqualTo(CommandRules.ROOM_ENDED);
        assertThat(ended.getErrorInfo()).isEqualTo("the room was destroyed at " + END + " before the command could be applied");
        assertThat(ended.getAttempts()).isEqualTo(5);
        // and the grant for the new room, and the other room's mute, stay held
        assertThat(oldestCommand(Keys.appRoom(APP, ROOM)).getId()).isEqualTo("cmd-after");
        assertThat(oldestCommand(Keys.appRoom(APP, "live_2")).getId()).isEqualTo("cmd-other");
        assertThat(tencent.calls).isEmpty();
    }

    /** A command processed, and the calls it leads to started and answered (as the processor's punctuator would). */
    private void sent(io.roomsync.contract.member.MemberCommand command, Instant now) {
        roleSync.onCommand(command, now);
        RoleSyncTest.settle(roleSync, tencent, now);
    }

    private io.roomsync.contract.member.MemberCommand oldestCommand(String roomKey) {
        return (io.roomsync.contract.member.MemberCommand) queues.head(roomKey, 1).get(0).input();
    }

    private static io.roomsync.contract.member.MemberCommand command(String id, String room, MemberAction action, String member,
                                                                     Instant requestedAt) {
        return io.roomsync.contract.member.MemberCommand.newBuilder(CommandRulesTest.command(action,
                        action == MemberAction.MUTE ? 3600L : null, member))
                .setId(id).setRoom(room).setRequestedAt(requestedAt).build();
    }

    @Test
    void aLateDestroyEndsAMemberMutedByACallPlannedBeforeTheEndThoughItsAnswerWasAppliedAfter() {
        // Given dave joined before the end, and a mute of dave whose call was planned 1 s before the end and whose
        // answer was applied 1 s after it
        roleSync.onEvent(stamped("ev-join", ROOM, END.minusSeconds(30), "Group.CallbackAfterNewMemberJoin",
                new MembersJoined("Apply", List.of("dave"))), END.minusSeconds(30));
        roleSync.onCommand(io.roomsync.contract.member.MemberCommand.newBuilder(
                CommandRulesTest.command(MemberAction.MUTE, 3600L, "dave")).setId("cmd-mute-dave").build(), END.minusSeconds(2));
        Call mute = roleSync.startCalls(END.minusSeconds(1), () -> true).calls().get(0);
        roleSync.onApplied(mute, 1, END.plusSeconds(1));

        // When the destroy stamped at the end arrives after that
        RoleSync.Outputs outputs = roleSync.onEvent(stamped("ev-end", ROOM, END, DESTROY,
                new GroupDestroyed("alice", "Live", List.of())), NOW);

        // Then dave was of the ended room: cleared and forgotten
        assertThat(outputs.states()).extracting(MemberState::getMember, MemberState::getCauseKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dave", ChangeCause.ROOM_DESTROYED));
        assertThat(outputs.removedMembers()).containsExactly(Keys.member(APP, ROOM, "dave"));
        assertThat(store.states).isEmpty();
    }

    private void givenAPopulatedRoom() {
        Instant t = END.minusSeconds(60);
        roleSync.onEvent(stamped("ev-1", ROOM, t, "Group.CallbackAfterNewMemberJoin", new MembersJoined("Apply", List.of("alice", "bob", "carol"))), NOW);
        roleSync.onEvent(stamped("ev-2", ROOM, t.plusSeconds(1), "Group.CallbackAfterMemberExit",
                new io.roomsync.contract.im.MembersExited("Quit", List.of("carol"))), NOW);
        roleSync.onEvent(stamped("ev-3", "live_2", t, "Group.CallbackAfterNewMemberJoin", new MembersJoined("Apply", List.of("alice"))), NOW);
        roleSync.onCommand(RoleSyncTest.MemberCommandBuilder.next("cmd-admin", MemberAction.GRANT_ADMIN, "alice"), NOW.minusSeconds(30));
        roleSync.onCommand(io.roomsync.contract.member.MemberCommand.newBuilder(
                        CommandRulesTest.command(MemberAction.MUTE, 3600L, "bob")).setId("cmd-mute").build(), NOW.minusSeconds(30));
        RoleSyncTest.settle(roleSync, tencent, NOW.minusSeconds(30));
        assertThat(store.expiries).hasSize(1);
    }

    private static ImEvent stamped(String id, String room, Instant eventTime, String command, Object payload) {
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand(command).setRoom(room)
                .setEventTime(eventTime).setReceivedAt(NOW).setPayload(payload).build();
    }
}
