package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.CommandOutcome;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.internal.ReconcileObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How role-sync's core sends commands to Tencent: calls planned per room from its queue, answered later (here: when the
 * test says), applied in the room's order with the callbacks and observations that arrived behind them.
 */
class RoomCallsTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final long APP = 1400000000L;
    private static final String ROOM = Keys.appRoom(APP, "live_1");
    private static final CommandRules.Limits LIMITS = new CommandRules.Limits(Duration.ofDays(30), Duration.ofDays(365), 500);

    private final RoleSyncTest.InMemoryStore store = new RoleSyncTest.InMemoryStore();
    private final RoleSyncTest.InMemoryQueues queues = new RoleSyncTest.InMemoryQueues();
    private final RoleSyncTest.RecordingTencent tencent = new RoleSyncTest.RecordingTencent();
    private final RoleSync roleSync = newInstance();

    /** A new core on the same stores: what a restarted or migrated task builds. */
    private RoleSync newInstance() {
        return new RoleSync(store, queues, tencent, LIMITS, Set.of(APP), Duration.ofMinutes(10));
    }

    @Test
    void aWaveOfFiveHundredSingleMemberMutesTakesTwoCallsAndGivesEachCommandItsResult() {
        // Given a mute whose call is in flight
        roleSync.onCommand(mute("cmd-0", "u0", "live_1"), T);
        RoleSync.Step first = roleSync.startCalls(T, () -> true);
        assertThat(first.calls()).extracting(Call::members).containsExactly(List.of("u0"));

        // When 499 more mutes of the room arrive meanwhile, and the first call's answer is applied
        IntStream.range(1, 500).forEach(i -> roleSync.onCommand(mute("cmd-" + i, "u" + i, "live_1"), T));
        RoleSync.Outputs firstAnswer = roleSync.onApplied(first.calls().get(0), 1, T);
        RoleSync.Step second = roleSync.startCalls(T, () -> true);

        // Then the next call carries the other 499, as one forbid_send_msg of 600 s
        assertThat(second.calls()).hasSize(1);
        Call wave = second.calls().get(0);
        assertThat(wave.action()).isEqualTo(CommandRules.TencentAction.MUTE);
        assertThat(wave.seconds()).isEqualTo(600);
        assertThat(wave.members()).hasSize(499).first().isEqualTo("u1");

        // And once it is answered, every command has one APPLIED result counting the one call, and every member one
        // state at version 1
        RoleSync.Outputs all = firstAnswer.and(roleSync.onApplied(wave, 1, T));
        assertThat(all.results()).hasSize(500).allMatch(r -> r.getOutcome() == CommandOutcome.APPLIED && r.getAttempts() == 1);
        assertThat(all.results()).extracting(CommandResult::getCommandId).startsWith("cmd-0", "cmd-1", "cmd-2");
        assertThat(all.states()).hasSize(500).allMatch(s -> s.getVersion() == 1 && s.getMutedUntil().equals(T.plusSeconds(600)));
        assertThat(queues.holds(ROOM)).isFalse();
        assertThat(roleSync.startCalls(T, () -> true).calls()).isEmpty();
    }

    @Test
    void aCallbackArrivingWhileItsRoomsCallIsInFlightIsAppliedAfterTheCallsCommands() {
        // Given a grant for alice in flight
        roleSync.onCommand(command("cmd-grant", MemberAction.GRANT_ADMIN, "alice"), T);
        Call grant = roleSync.startCalls(T, () -> true).calls().get(0);

        // When Tencent reports alice made a plain member again (after the grant), a chat message comes, and then
        // another room's member change
        RoleSync.Outputs revoked = roleSync.onEvent(event("ev-member", "live_1", new MemberFieldChanged("alice", "Member", null)), T);
        RoleSync.Outputs chat = roleSync.onEvent(event("ev-chat", "live_1", GroupMessage.newBuilder().setFrom("bob")
                .setRandom(1L).setBody(List.of()).build()), T);
        RoleSync.Outputs otherRoom = roleSync.onEvent(event("ev-other", "live_2", new MemberFieldChanged("carol", "Admin", null)), T);

        // Then the callback waits behind the grant, the chat message passes by unremembered, and the other room's
        // change is applied at once
        assertThat(revoked).isEqualTo(RoleSync.Outputs.none());
        assertThat(chat).isEqualTo(RoleSync.Outputs.none());
        assertThat(store.seen).doesNotContain("event:ev-chat");
        assertThat(otherRoom.states()).extracting(MemberState::getMember, MemberState::getRole)
                .containsExactly(tuple("carol", MemberRole.ADMIN));

        // And when the grant's answer is applied and the room looked at again, alice is admin at version 1, then a
        // member at version 2: the order of the room's partition
        RoleSync.Outputs applied = roleSync.onApplied(grant, 1, T).and(roleSync.startCalls(T, () -> true).outputs());
        assertThat(applied.states()).extracting(MemberState::getRole, MemberState::getVersion, MemberState::getCauseKind)
                .containsExactly(tuple(MemberRole.ADMIN, 1L, ChangeCause.COMMAND), tuple(MemberRole.MEMBER, 2L, ChangeCause.EVENT));
        assertThat(queues.holds(ROOM)).isFalse();
    }

    @Test
    void anObservationOfARoomWithACommandInFlightWaitsBehindIt() {
        // Given a mute of bob in flight
        roleSync.onCommand(mute("cmd-mute", "bob", "live_1"), T);
        Call mute = roleSync.startCalls(T, () -> true).calls().get(0);

        // When a reconcile observation read before the mute (bob not muted, dave admin) arrives
        ReconcileObservation observation = ReconcileObservation.newBuilder().setId("obs-1").setSdkAppId(APP).setRoom("live_1")
                .setAdmins(List.of("dave")).setMutedUntil(Map.of()).setBannedUntil(Map.of()).setObservedAt(T).build();
        assertThat(roleSync.onObservation(observation, T)).isEqualTo(RoleSync.Outputs.none());

        // Then it is applied after the mute: bob muted by the command, then corrected as Tencent listed him, dave admin
        RoleSync.Outputs applied = roleSync.onApplied(mute, 1, T).and(roleSync.startCalls(T, () -> true).outputs());
        assertThat(applied.states()).extracting(MemberState::getMember, MemberState::getVersion, MemberState::getCauseKind)
                .containsExactly(tuple("bob", 1L, ChangeCause.COMMAND), tuple("bob", 2L, ChangeCause.RECONCILE),
                        tuple("dave", 1L, ChangeCause.RECONCILE));
    }

    @Test
    void aBatchSentAgainByANewInstanceAfterACrashChangesEachMemberOnce() {
        // Given three mutes sent as one call, which Tencent applied, and a crash before its answer was applied (the
        // commands' acceptance was committed; nothing after it)
        List.of("alice", "bob", "carol").forEach(member -> roleSync.onCommand(mute("cmd-" + member, member, "live_1"), T));
        Call beforeCrash = roleSync.startCalls(T, () -> true).calls().get(0);
        tencent.apply(beforeCrash);

        // When a new instance takes over the stores
        RoleSync restarted = newInstance();
        restarted.resume();
        RoleSync.Step again = restarted.startCalls(T.plusSeconds(1), () -> true);

        // Then it sends the same batch again (Tencent sets the same end state twice)
        assertThat(again.calls()).hasSize(1);
        assertThat(again.calls().get(0).members()).containsExactly("alice", "bob", "carol");
        assertThat(again.calls().get(0).commands()).isEqualTo(beforeCrash.commands());
        tencent.apply(again.calls().get(0));
        assertThat(tencent.calls).containsExactly("MUTE live_1 [alice, bob, carol] 600", "MUTE live_1 [alice, bob, carol] 599");

        // And applying its answer changes each member once and gives each command one result
        RoleSync.Outputs applied = restarted.onApplied(again.calls().get(0), 1, T.plusSeconds(1));
        assertThat(applied.states()).extracting(MemberState::getMember, MemberState::getVersion)
                .containsExactly(tuple("alice", 1L), tuple("bob", 1L), tuple("carol", 1L));
        assertThat(applied.results()).extracting(CommandResult::getCommandId).containsExactly("cmd-alice", "cmd-bob", "cmd-carol");
        assertThat(restarted.startCalls(T.plusSeconds(1), () -> true).calls()).isEmpty();
    }

    @Test
    void aBatchTencentRefusesForGoodIsSentAgainOneCommandPerCallSoOnlyTheBadOneIsRejected() {
        // Given three grants sent as one modify_admin call, and Tencent refusing any call naming frank (a 6th admin)
        tencent.refuseCallsNaming = "frank";
        tencent.refusalOfThoseCalls = new PermissionGateway.Refused(10004, "a live room has at most 5 admins", 1, true);
        List.of("alice", "frank", "bob").forEach(member -> roleSync.onCommand(command("cmd-" + member, MemberAction.GRANT_ADMIN, member), T));

        // When the calls are made and answered
        RoleSync.Outputs outputs = RoleSyncTest.settle(roleSync, tencent, T);

        // Then alice and bob are granted by calls of their own, and frank alone is REJECTED with Tencent's code
        assertThat(tencent.calls).containsExactly("GRANT_ADMIN live_1 [alice]", "GRANT_ADMIN live_1 [bob]");
        assertThat(outputs.results()).extracting(CommandResult::getCommandId, CommandResult::getOutcome, CommandResult::getErrorCode,
                        CommandResult::getAttempts)
                .containsExactly(tuple("cmd-alice", CommandOutcome.APPLIED, null, 2), tuple("cmd-frank", CommandOutcome.REJECTED, 10004, 1),
                        tuple("cmd-bob", CommandOutcome.APPLIED, null, 1));
        assertThat(outputs.states()).extracting(MemberState::getMember).containsExactly("alice", "bob");
    }

    @Test
    void aRoomWhoseCallsFailIsHeldWhileAnotherRoomsCommandsAreApplied() {
        // Given Tencent failing every call naming alice (room live_1), and commands for live_1 and live_2
        tencent.refuseCallsNaming = "alice";
        tencent.refusalOfThoseCalls = new PermissionGateway.Refused(10002, "internal error", 5, false);
        roleSync.onCommand(mute("cmd-a", "alice", "live_1"), T);
        roleSync.onCommand(command("cmd-b", MemberAction.UNMUTE, "bob"), T);
        roleSync.onCommand(MemberCommand.newBuilder(mute("cmd-c", "carol", "live_2")).build(), T);

        // When the calls are made and answered
        RoleSync.Outputs outputs = RoleSyncTest.settle(roleSync, tencent, T);

        // Then live_2's mute is applied, while live_1 holds alice's mute and bob's unmute behind it, retried in 1 s
        assertThat(outputs.results()).extracting(CommandResult::getCommandId).containsExactly("cmd-c");
        assertThat(queues.head(ROOM, 10)).hasSize(2);
        assertThat(queues.due(T.plusSeconds(1))).containsExactly(ROOM);
    }

    @Test
    void aDestroyEndsTheCommandsOfACallInFlightAndItsLateAnswerChangesNothing() {
        // Given a mute of bob, requested before the room ended, in flight
        roleSync.onCommand(mute("cmd-mute", "bob", "live_1"), T);
        Call mute = roleSync.startCalls(T, () -> true).calls().get(0);

        // When the room's destroy arrives, then the call's answer
        RoleSync.Outputs destroyed = roleSync.onEvent(ImEvent.newBuilder(event("ev-end", "live_1",
                new GroupDestroyed("host", "Live", List.of()))).setCommand("Group.CallbackAfterGroupDestroyed")
                .setEventTime(T.plusSeconds(1)).build(), T.plusSeconds(1));
        RoleSync.Outputs late = roleSync.onApplied(mute, 1, T.plusSeconds(2));

        // Then the mute is REJECTED as its room ended, and the answer neither changes bob nor gives a second result
        assertThat(destroyed.results()).extracting(CommandResult::getCommandId, CommandResult::getOutcome, CommandResult::getErrorCode)
                .containsExactly(tuple("cmd-mute", CommandOutcome.REJECTED, CommandRules.ROOM_ENDED));
        assertThat(late).isEqualTo(RoleSync.Outputs.none());
        assertThat(store.states).isEmpty();
    }

    @Test
    void roomsBeyondTheCallsInFlightWaitForASlot() {
        // Given commands for two rooms and no free slot
        roleSync.onCommand(mute("cmd-1", "alice", "live_1"), T);
        roleSync.onCommand(mute("cmd-2", "bob", "live_2"), T);

        // Then no call starts and both rooms wait
        RoleSync.Step full = roleSync.startCalls(T, () -> false);
        assertThat(full.calls()).isEmpty();
        assertThat(full.roomsWaitingForSlot()).isEqualTo(2);

        // And with one slot free, one room's call starts and the other still waits
        boolean[] oneSlot = {true};
        RoleSync.Step one = roleSync.startCalls(T, () -> {
            boolean free = oneSlot[0];
            oneSlot[0] = false;
            return free;
        });
        assertThat(one.calls()).extracting(Call::room).containsExactly("live_1");
        assertThat(one.roomsWaitingForSlot()).isEqualTo(1);
    }

    private static MemberCommand mute(String id, String member, String room) {
        return MemberCommand.newBuilder(CommandRulesTest.command(MemberAction.MUTE, 600L, member)).setId(id).setRoom(room).build();
    }

    private static MemberCommand command(String id, MemberAction action, String member) {
        return MemberCommand.newBuilder(CommandRulesTest.command(action, null, member)).setId(id).build();
    }

    private static ImEvent event(String id, String room, Object payload) {
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand("Group.Callback").setRoom(room)
                .setReceivedAt(T).setPayload(payload).build();
    }
}
