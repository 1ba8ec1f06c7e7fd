package io.roomsync.rolesync.domain;

import static io.roomsync.rolesync.domain.CommandRules.TencentAction.BAN;
import static io.roomsync.rolesync.domain.CommandRules.TencentAction.MUTE;
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
import java.util.Optional;
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

    /** A core on the same stores whose rooms in a burst wait up to {@code window} for their next batch. */
    private RoleSync withBatchWindow(Duration window) {
        return new RoleSync(store, queues, tencent, LIMITS, Set.of(APP), Duration.ofMinutes(10), window);
    }

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

    @Test
    void aSpamWaveOfFiveHundredMutesOverOneSecondTakesFiveCallsAndKeepsEachMembersOwnEnd() {
        // Given a core with a batch window of 300 ms, ticking every 10 ms, whose calls are answered 10 ms after they
        // were planned
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        List<Call> calls = new java.util.ArrayList<>();
        List<Call> inFlight = new java.util.ArrayList<>();
        RoleSync.Outputs outputs = RoleSync.Outputs.none();

        // When 500 single-member mutes of 10 minutes arrive 2 ms apart, each requested when it arrives
        for (int ms = 0; ms <= 2000; ms++) {
            Instant now = T.plusMillis(ms);
            if (ms % 2 == 0 && ms / 2 < 500) {
                int i = ms / 2;
                windowed.onCommand(MemberCommand.newBuilder(mute("cmd-" + i, "u" + i, "live_1")).setRequestedAt(now).build(), now);
            }
            if (ms % 10 == 0) {
                for (Call call : List.copyOf(inFlight)) {
                    if (!call.plannedAt().plusMillis(10).isAfter(now)) {
                        inFlight.remove(call);
                        outputs = outputs.and(windowed.onApplied(call, 1, now));
                    }
                }
                RoleSync.Step step = windowed.startCalls(now, () -> true);
                calls.addAll(step.calls());
                inFlight.addAll(step.calls());
            }
        }

        // Then the first mute goes at once, alone, and the others in four calls 300 ms apart
        assertThat(calls).extracting(call -> call.members().size(), call -> call.plannedAt().toEpochMilli() - T.toEpochMilli(),
                Call::seconds).containsExactly(tuple(1, 0L, 600L), tuple(150, 300L, 600L), tuple(150, 600L, 600L),
                tuple(150, 900L, 600L), tuple(49, 1200L, 600L));
        // And every command is APPLIED, every member muted until its own end (requested + 600 s), once
        assertThat(outputs.results()).hasSize(500).allMatch(r -> r.getOutcome() == CommandOutcome.APPLIED);
        assertThat(outputs.states()).hasSize(500).allMatch(state -> state.getVersion() == 1 && state.getMutedUntil()
                .equals(T.plusMillis(2L * Integer.parseInt(state.getMember().substring(1))).plusSeconds(600)));
    }

    @Test
    void aCommandOfARoomWhoseCallGotNoCommandWhileInFlightIsSentAtOnce() {
        // Given a room with a batch window of 300 ms whose mute was sent and answered with nothing arriving meanwhile
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(mute("cmd-1", "alice", "live_1"), T);
        Call first = windowed.startCalls(T, () -> true).calls().get(0);
        windowed.onApplied(first, 1, T.plusMillis(10));

        // When the next mute arrives 50 ms after the first call was planned
        windowed.onCommand(mute("cmd-2", "bob", "live_1"), T.plusMillis(50));
        RoleSync.Step next = windowed.startCalls(T.plusMillis(50), () -> true);

        // Then its call is planned at once
        assertThat(next.calls()).extracting(Call::members).containsExactly(List.of("bob"));
    }

    @Test
    void inABurstAFullBatchIsSentAtOnceAndAStragglerAfterItWaitsForTheWindow() {
        // Given a room with a batch window of 300 ms whose ban is in flight
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(ban(0), T);
        Call first = windowed.startCalls(T, () -> true).calls().get(0);

        // When 20 more bans (one full ban_group_member call) arrive meanwhile, and the ban is answered
        IntStream.range(1, 21).forEach(i -> windowed.onCommand(ban(i), T.plusMillis(5)));
        windowed.onApplied(first, 1, T.plusMillis(10));
        RoleSync.Step full = windowed.startCalls(T.plusMillis(10), () -> true);

        // Then the 20 bans go at once (full)
        assertThat(full.calls()).extracting(call -> call.members().size()).containsExactly(20);

        // And a ban arriving after their answer, alone, waits until 300 ms after their call was planned (the room is
        // in a burst: its previous call carried several commands), then goes
        windowed.onApplied(full.calls().get(0), 1, T.plusMillis(20));
        windowed.onCommand(ban(21), T.plusMillis(30));
        assertThat(windowed.startCalls(T.plusMillis(30), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(309), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(310), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("u21"));
    }

    @Test
    void inABurstTheFirstCallOfAnotherActionIsSentAtOnceAndTheNextOfItWaitsForTheWindow() {
        // Given a room with a batch window of 300 ms whose call of 20 bans was planned at T and answered
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        IntStream.range(0, 20).forEach(i -> windowed.onCommand(ban(i), T));
        windowed.onApplied(windowed.startCalls(T, () -> true).calls().get(0), 1, T.plusMillis(10));

        // When two unbans arrive together 20 ms later
        windowed.onCommand(command("cmd-unban-1", MemberAction.UNBAN, "u1"), T.plusMillis(20));
        windowed.onCommand(command("cmd-unban-2", MemberAction.UNBAN, "u2"), T.plusMillis(20));
        RoleSync.Step unbans = windowed.startCalls(T.plusMillis(20), () -> true);

        // Then they go at once, in one call: nothing of them could have joined the bans' call
        assertThat(unbans.calls()).extracting(Call::action, Call::members)
                .containsExactly(tuple(CommandRules.TencentAction.UNBAN, List.of("u1", "u2")));

        // And a third unban arriving after their answer waits until 300 ms after their call was planned
        windowed.onApplied(unbans.calls().get(0), 1, T.plusMillis(30));
        windowed.onCommand(command("cmd-unban-3", MemberAction.UNBAN, "u3"), T.plusMillis(40));
        assertThat(windowed.startCalls(T.plusMillis(319), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(320), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("u3"));
    }

    @Test
    void aMuteWaitingInABurstIsSentWhenTheWindowEndsEvenWithNoNewInput() {
        // Given a room with a batch window of 300 ms whose mute is in flight, a second mute arriving meanwhile
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(mute("cmd-1", "alice", "live_1"), T);
        Call first = windowed.startCalls(T, () -> true).calls().get(0);
        windowed.onCommand(mute("cmd-2", "bob", "live_1"), T.plusMillis(5));

        // When the first is answered
        windowed.onApplied(first, 1, T.plusMillis(10));

        // Then the second waits until 300 ms after the first was planned, and goes then
        assertThat(windowed.startCalls(T.plusMillis(10), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(299), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(300), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("bob"));
    }

    @Test
    void twoMutesArrivingTogetherAfterTheRoomsCallWasAnsweredWaitForTheWindowAndAnotherActionEndsTheWait() {
        // Given a room with a batch window of 300 ms whose mute was sent at T and answered at once
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(mute("cmd-1", "alice", "live_1"), T);
        windowed.onApplied(windowed.startCalls(T, () -> true).calls().get(0), 1, T.plusMillis(5));

        // When two mutes arrive together 50 ms later
        windowed.onCommand(mute("cmd-2", "bob", "live_1"), T.plusMillis(50));
        windowed.onCommand(mute("cmd-3", "carol", "live_1"), T.plusMillis(50));

        // Then they wait for the window (their queue is growing)
        assertThat(windowed.startCalls(T.plusMillis(50), () -> true).calls()).isEmpty();
        // and when an unmute arrives behind them, they go at once: nothing more can join their call
        windowed.onCommand(command("cmd-4", MemberAction.UNMUTE, "alice"), T.plusMillis(60));
        assertThat(windowed.startCalls(T.plusMillis(60), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("bob", "carol"));
    }

    @Test
    void callbacksQueuedBehindACallAreAppliedReadingTheQueueOncePerFiveHundred() {
        // Given a grant in flight, and 1,000 join callbacks of its room queued behind it
        roleSync.onCommand(command("cmd-grant", MemberAction.GRANT_ADMIN, "alice"), T);
        Call grant = roleSync.startCalls(T, () -> true).calls().get(0);
        IntStream.range(0, 1000).forEach(i -> roleSync.onEvent(event("ev-join-" + i, "live_1",
                new io.roomsync.contract.im.MembersJoined("Apply", List.of("u" + i))), T));

        // When the grant is answered and the queue is worked off
        RoleSync.Outputs answer = roleSync.onApplied(grant, 1, T);
        int readsBefore = queues.headReads;
        RoleSync.Step step = roleSync.startCalls(T, () -> true);

        // Then every join is applied, in order, with three reads of the queue (500, 500, then none left)
        assertThat(answer.states()).hasSize(1);
        assertThat(step.outputs().states()).hasSize(1000).first().extracting(MemberState::getMember).isEqualTo("u0");
        assertThat(queues.headReads - readsBefore).isEqualTo(3);
        assertThat(queues.holds(ROOM)).isFalse();
    }

    @Test
    void aRoomWhoseCallWouldWaitForAPermitIsNotPlannedAndItsNextCallCarriesWhatArrivedMeanwhile() {
        // Given a mute of alice, and forbid_send_msg's permits spent for now
        roleSync.onCommand(mute("cmd-alice", "alice", "live_1"), T);
        RoleSync.Step spent = roleSync.startCalls(T, () -> true, permits(Map.of()));

        // Then no call is planned, and the room waits for a permit
        assertThat(spent.calls()).isEmpty();
        assertThat(spent.roomsWaitingForPermit()).isEqualTo(1);

        // When bob's and carol's mutes arrive, and a permit is free at the next step
        roleSync.onCommand(mute("cmd-bob", "bob", "live_1"), T.plusMillis(10));
        roleSync.onCommand(mute("cmd-carol", "carol", "live_1"), T.plusMillis(10));
        RoleSync.Step permitted = roleSync.startCalls(T.plusMillis(10), () -> true,
                permits(Map.of(CommandRules.TencentAction.MUTE, 1)));

        // Then one call carries all three, and no room waits any more
        assertThat(permitted.calls()).extracting(Call::action, Call::members).containsExactly(
                tuple(CommandRules.TencentAction.MUTE, List.of("alice", "bob", "carol")));
        assertThat(permitted.roomsWaitingForPermit()).isZero();
    }

    @Test
    void eachPlannedCallCarriesThePermitBookedForItToTheGateway() {
        // Given mutes for live_1 and live_2, and a step booking a permit of its own for each call it plans
        roleSync.onCommand(mute("cmd-1", "alice", "live_1"), T);
        roleSync.onCommand(mute("cmd-2", "bob", "live_2"), T);
        java.util.Iterator<CallPermits.Permit> booked = List.<CallPermits.Permit>of(new Booked("first"), new Booked("second")).iterator();

        // When the step plans, and the calls are made
        RoleSync.Step step = roleSync.startCalls(T, () -> true, (sdkAppId, action, roomKey, readySince) -> Optional.of(booked.next()));
        step.calls().forEach(tencent::apply);

        // Then each call was made with the permit booked when it was planned
        assertThat(step.calls()).extracting(Call::room, Call::permit)
                .containsExactly(tuple("live_1", new Booked("first")), tuple("live_2", new Booked("second")));
        assertThat(tencent.permitsUsed).containsExactly(new Booked("first"), new Booked("second"));
    }

    @Test
    void aRoomThatFindsNoFreeSlotBooksNoPermit() {
        // Given a mute for live_1, every slot of the process taken, and a step counting the permits it books
        roleSync.onCommand(mute("cmd-1", "alice", "live_1"), T);
        int[] bookedPermits = {0};
        CallPermits counting = (sdkAppId, action, roomKey, readySince) -> {
            bookedPermits[0]++;
            return Optional.of(new Booked("permit-" + bookedPermits[0]));
        };

        // When the step plans
        RoleSync.Step step = roleSync.startCalls(T, () -> false, counting);

        // Then the room waits for a slot and no permit was booked (a booked permit cannot be handed back: it would lapse)
        assertThat(step.calls()).isEmpty();
        assertThat(step.roomsWaitingForSlot()).isEqualTo(1);
        assertThat(bookedPermits[0]).isZero();
    }

    @Test
    void aRoomOfAnotherTaskThatWaitedLongerGetsTheFreePermitFirst() {
        // Given two tasks (two cores on their own stores) planning from one budget, no permit free, and task A's
        // live_1, ready at T, waiting for one
        RoleSync taskA = roleSync;
        RoleSync taskB = new RoleSync(new RoleSyncTest.InMemoryStore(), new RoleSyncTest.InMemoryQueues(), tencent, LIMITS,
                Set.of(APP), Duration.ofMinutes(10));
        PermitTurns turns = new PermitTurns(Duration.ofMillis(50));
        PermitTurnsTest.Limiter limiter = new PermitTurnsTest.Limiter(0);
        taskA.onCommand(mute("cmd-a", "alice", "live_1"), T);
        assertThat(taskA.startCalls(T, () -> true, shared("task-A", turns, limiter, T)).roomsWaitingForPermit()).isEqualTo(1);

        // When a permit comes free and task B, whose live_2 became ready at T+5 ms, plans first
        taskB.onCommand(mute("cmd-b", "bob", "live_2"), T.plusMillis(5));
        limiter.free = 1;
        RoleSync.Step stepB = taskB.startCalls(T.plusMillis(10), () -> true, shared("task-B", turns, limiter, T.plusMillis(10)));

        // Then task B leaves it, and task A's next step gets it for live_1
        assertThat(stepB.calls()).isEmpty();
        assertThat(stepB.roomsWaitingForPermit()).isEqualTo(1);
        RoleSync.Step stepA = taskA.startCalls(T.plusMillis(12), () -> true, shared("task-A", turns, limiter, T.plusMillis(12)));
        assertThat(stepA.calls()).extracting(Call::room, Call::permit).containsExactly(tuple("live_1", new Booked("permit-1")));
    }

    @Test
    void aRoomWhoseNextCallAsksAnotherApiLeavesItsTurnForTheFirstSoAnotherTasksRoomBooksIt() {
        // Given task A's live_1 with a mute of one second then a ban, ready at T; its mute found no permit at T and again
        // at T+990 ms (its claim renewed then)
        RoleSync taskA = roleSync;
        RoleSync taskB = otherTask();
        PermitTurns muteTurns = new PermitTurns(Duration.ofMillis(50));
        PermitTurnsTest.Limiter mutePermits = new PermitTurnsTest.Limiter(0);
        taskA.onCommand(MemberCommand.newBuilder(mute("cmd-short", "alice", "live_1")).setDurationSeconds(1L).build(), T);
        taskA.onCommand(MemberCommand.newBuilder(ban(1)).setRoom("live_1").build(), T);
        taskA.startCalls(T, () -> true, sharedFor(MUTE, "task-A", muteTurns, mutePermits, T));
        taskA.startCalls(T.plusMillis(990), () -> true, sharedFor(MUTE, "task-A", muteTurns, mutePermits, T.plusMillis(990)));

        // When at T+1 s the mute has ended unapplied and live_1's next call is the ban
        RoleSync.Step stepA = taskA.startCalls(T.plusSeconds(1), () -> true,
                sharedFor(MUTE, "task-A", muteTurns, mutePermits, T.plusSeconds(1)));
        assertThat(stepA.calls()).extracting(Call::room, Call::action).containsExactly(tuple("live_1", BAN));

        // Then a permit of forbid_send_msg free at T+1005 ms goes to task B's live_2, ready then: live_1 left the turn
        // it held for its mute (before, its claim held it back until it lapsed 50 ms after its last renewal)
        taskB.onCommand(mute("cmd-b", "bob", "live_2"), T.plusMillis(1005));
        mutePermits.free = 1;
        RoleSync.Step stepB = taskB.startCalls(T.plusMillis(1005), () -> true,
                sharedFor(MUTE, "task-B", muteTurns, mutePermits, T.plusMillis(1005)));
        assertThat(stepB.calls()).extracting(Call::room, Call::permit).containsExactly(tuple("live_2", new Booked("permit-1")));
    }

    @Test
    void aRoomEndedWhileWaitingForAPermitLeavesItsTurnAtItsTasksNextStep() {
        // Given task A's live_1 whose mute, ready at T, found no permit
        Live1Waits given = live1WaitsForAPermit();
        RoleSync taskA = given.taskA();
        RoleSync taskB = given.taskB();
        PermitTurns turns = given.turns();
        PermitTurnsTest.Limiter limiter = given.limiter();

        // When the room is destroyed (its mute REJECTED) and task A's next step runs
        taskA.onEvent(ImEvent.newBuilder(event("ev-end", "live_1", new GroupDestroyed("host", "Live", List.of())))
                .setCommand("Group.CallbackAfterGroupDestroyed").setEventTime(T.plusMillis(5)).build(), T.plusMillis(5));
        taskA.startCalls(T.plusMillis(10), () -> true, shared("task-A", turns, limiter, T.plusMillis(10)));

        // Then a permit free at T+12 ms goes to task B's live_2, ready at T+2 ms: nothing is left for live_1
        taskB.onCommand(mute("cmd-b", "bob", "live_2"), T.plusMillis(2));
        limiter.free = 1;
        RoleSync.Step stepB = taskB.startCalls(T.plusMillis(12), () -> true, shared("task-B", turns, limiter, T.plusMillis(12)));
        assertThat(stepB.calls()).extracting(Call::room, Call::permit).containsExactly(tuple("live_2", new Booked("permit-1")));
    }

    @Test
    void aRoomWaitingForASlotLeavesItsTurnAndClaimsItAgainWhereItStood() {
        // Given task A's live_1, ready at T, that found no permit, then no slot at T+10 ms
        Live1Waits given = live1WaitsForAPermit();
        RoleSync taskA = given.taskA();
        RoleSync taskB = given.taskB();
        PermitTurns turns = given.turns();
        PermitTurnsTest.Limiter limiter = given.limiter();
        assertThat(taskA.startCalls(T.plusMillis(10), () -> false, shared("task-A", turns, limiter, T.plusMillis(10)))
                .roomsWaitingForSlot()).isEqualTo(1);

        // When a permit comes free, Then task B's live_2 (ready at T+2 ms, its slot taken) books it: a room without a
        // slot holds no permit back
        taskB.onCommand(mute("cmd-b", "bob", "live_2"), T.plusMillis(2));
        limiter.free = 1;
        assertThat(taskB.startCalls(T.plusMillis(12), () -> true, shared("task-B", turns, limiter, T.plusMillis(12)))
                .calls()).extracting(Call::room).containsExactly("live_2");

        // And when live_1 finds no permit again at T+20 ms, its claim stands as ready at T: task B's live_3, ready at
        // T+15 ms, leaves the next free permit to it
        assertThat(taskA.startCalls(T.plusMillis(20), () -> true, shared("task-A", turns, limiter, T.plusMillis(20)))
                .roomsWaitingForPermit()).isEqualTo(1);
        taskB.onCommand(mute("cmd-b3", "carol", "live_3"), T.plusMillis(15));
        limiter.free = 1;
        assertThat(taskB.startCalls(T.plusMillis(22), () -> true, shared("task-B", turns, limiter, T.plusMillis(22)))
                .calls()).isEmpty();
    }

    @Test
    void roomsWaitingForPermitsGetThemInTheOrderTheyBecameReady() {
        // Given mutes for live_1, live_2 and live_3, in that order, that found no permit
        List.of("live_1", "live_2", "live_3").forEach(room -> roleSync.onCommand(mute("cmd-" + room, "alice", room), T));
        assertThat(roleSync.startCalls(T, () -> true, permits(Map.of())).roomsWaitingForPermit()).isEqualTo(3);

        // When a mute for live_4 arrives, and the next two steps have two permits each
        roleSync.onCommand(mute("cmd-live_4", "alice", "live_4"), T.plusMillis(10));
        RoleSync.Step second = roleSync.startCalls(T.plusMillis(10), () -> true, permits(Map.of(CommandRules.TencentAction.MUTE, 2)));
        RoleSync.Step third = roleSync.startCalls(T.plusMillis(20), () -> true, permits(Map.of(CommandRules.TencentAction.MUTE, 2)));

        // Then live_1 and live_2 go first, then live_3 and live_4
        assertThat(second.calls()).extracting(Call::room).containsExactly("live_1", "live_2");
        assertThat(second.roomsWaitingForPermit()).isEqualTo(2);
        assertThat(third.calls()).extracting(Call::room).containsExactly("live_3", "live_4");
    }

    @Test
    void aRoomWhoseCallUsesAnotherApiIsPlannedWhileMutesWaitForTheirPermits() {
        // Given a mute for live_1 and a ban for live_2, and permits for bans only
        roleSync.onCommand(mute("cmd-mute", "alice", "live_1"), T);
        roleSync.onCommand(MemberCommand.newBuilder(ban(1)).setRoom("live_2").build(), T);

        // When a step runs
        RoleSync.Step step = roleSync.startCalls(T, () -> true, permits(Map.of(CommandRules.TencentAction.BAN, 1)));

        // Then the ban goes, and the mute waits
        assertThat(step.calls()).extracting(Call::room, Call::action)
                .containsExactly(tuple("live_2", CommandRules.TencentAction.BAN));
        assertThat(step.roomsWaitingForPermit()).isEqualTo(1);
    }

    @Test
    void aStepPassesOverRoomsWaitingForSpentPermitsWithoutReadingTheirQueues() {
        // Given three rooms whose mutes found no permit
        List.of("live_1", "live_2", "live_3").forEach(room -> roleSync.onCommand(mute("cmd-" + room, "alice", room), T));
        roleSync.startCalls(T, () -> true, permits(Map.of()));
        int readsBefore = queues.headReads;

        // When the next step finds no permit either
        RoleSync.Step step = roleSync.startCalls(T.plusMillis(10), () -> true, permits(Map.of()));

        // Then only the first room's queue is read, and all three still wait
        assertThat(queues.headReads - readsBefore).isEqualTo(1);
        assertThat(step.roomsWaitingForPermit()).isEqualTo(3);
        assertThat(step.calls()).isEmpty();
    }

    @Test
    void aRoomsBatchWindowCountsFromWhenItsPreviousCallWasReadyNotFromItsPermit() {
        // Given a room with a batch window of 300 ms whose two mutes were ready at T but found no permit until T+200 ms
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(mute("cmd-1", "alice", "live_1"), T);
        windowed.onCommand(mute("cmd-2", "bob", "live_1"), T);
        assertThat(windowed.startCalls(T, () -> true, permits(Map.of())).calls()).isEmpty();
        Call first = windowed.startCalls(T.plusMillis(200), () -> true,
                permits(Map.of(CommandRules.TencentAction.MUTE, 1))).calls().get(0);

        // When its call is answered and another mute arrives
        windowed.onApplied(first, 1, T.plusMillis(250));
        windowed.onCommand(mute("cmd-3", "carol", "live_1"), T.plusMillis(260));

        // Then the mute waits until 300 ms after T (when the previous call was ready), not after T+200 ms, and goes then
        assertThat(windowed.startCalls(T.plusMillis(299), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(300), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("carol"));
    }

    @Test
    void aRoomsBatchWindowCountsFromWhenItsPreviousCallWasReadyNotFromItsSlot() {
        // Given a room with a batch window of 300 ms whose two mutes were ready at T but found no slot until T+100 ms
        RoleSync windowed = withBatchWindow(Duration.ofMillis(300));
        windowed.onCommand(mute("cmd-1", "alice", "live_1"), T);
        windowed.onCommand(mute("cmd-2", "bob", "live_1"), T);
        assertThat(windowed.startCalls(T, () -> false).roomsWaitingForSlot()).isEqualTo(1);
        Call first = windowed.startCalls(T.plusMillis(100), () -> true).calls().get(0);

        // When its call is answered and another mute arrives
        windowed.onApplied(first, 1, T.plusMillis(150));
        windowed.onCommand(mute("cmd-3", "carol", "live_1"), T.plusMillis(160));

        // Then the mute waits until 300 ms after T, and goes then
        assertThat(windowed.startCalls(T.plusMillis(299), () -> true).calls()).isEmpty();
        assertThat(windowed.startCalls(T.plusMillis(300), () -> true).calls()).extracting(Call::members)
                .containsExactly(List.of("carol"));
    }

    /** One step's permits: so many calls of each action (none of the others), counted down as they are taken. */
    private static CallPermits permits(Map<CommandRules.TencentAction, Integer> perAction) {
        Map<CommandRules.TencentAction, Integer> left = new java.util.EnumMap<>(CommandRules.TencentAction.class);
        left.putAll(perAction);
        return (sdkAppId, action, roomKey, readySince) -> left.merge(action, -1, Integer::sum) >= 0
                ? Optional.of(CallPermits.Permit.AT_CALL) : Optional.empty();
    }

    /** Another task's core, on stores of its own, calling the same Tencent. */
    /** Two tasks planning from one budget's turns, no permit free, task A's live_1 (a mute ready at T) having asked. */
    private record Live1Waits(RoleSync taskA, RoleSync taskB, PermitTurns turns, PermitTurnsTest.Limiter limiter) {
    }

    private Live1Waits live1WaitsForAPermit() {
        PermitTurns turns = new PermitTurns(Duration.ofMillis(50));
        PermitTurnsTest.Limiter limiter = new PermitTurnsTest.Limiter(0);
        roleSync.onCommand(mute("cmd-a", "alice", "live_1"), T);
        roleSync.startCalls(T, () -> true, shared("task-A", turns, limiter, T));
        return new Live1Waits(roleSync, otherTask(), turns, limiter);
    }

    private RoleSync otherTask() {
        return new RoleSync(new RoleSyncTest.InMemoryStore(), new RoleSyncTest.InMemoryQueues(), tencent, LIMITS,
                Set.of(APP), Duration.ofMinutes(10));
    }

    /**
     * A step of {@code planner} at {@code now} in which calls of {@code action} share one budget's {@code turns} and
     * {@code limiter}, and calls of any other action go at once.
     */
    private static CallPermits sharedFor(CommandRules.TencentAction action, String planner, PermitTurns turns,
                                         PermitTurnsTest.Limiter limiter, Instant now) {
        CallPermits budget = shared(planner, turns, limiter, now);
        return new CallPermits() {
            @Override
            public Optional<Permit> take(long sdkAppId, CommandRules.TencentAction asked, String roomKey, Instant readySince) {
                return asked == action ? budget.take(sdkAppId, asked, roomKey, readySince) : Optional.of(Permit.AT_CALL);
            }

            @Override
            public void waits(long sdkAppId, CommandRules.TencentAction asked, String roomKey, Instant readySince) {
                if (asked == action) {
                    budget.waits(sdkAppId, asked, roomKey, readySince);
                }
            }

            @Override
            public void leaves(long sdkAppId, CommandRules.TencentAction asked, String roomKey) {
                if (asked == action) {
                    budget.leaves(sdkAppId, asked, roomKey);
                }
            }
        };
    }

    /** A step of {@code planner} at {@code now}, sharing one budget's {@code turns} and {@code limiter} (every action alike). */
    private static CallPermits shared(String planner, PermitTurns turns, PermitTurnsTest.Limiter limiter, Instant now) {
        PermitTurns.Budget<CallPermits.Permit> budget = new PermitTurns.Budget<>() {
            @Override
            public int free() {
                return limiter.free();
            }

            @Override
            public Optional<CallPermits.Permit> book() {
                return limiter.book().map(Booked::new);
            }
        };
        return new CallPermits() {
            @Override
            public Optional<Permit> take(long sdkAppId, CommandRules.TencentAction action, String roomKey, Instant readySince) {
                return turns.take(planner, roomKey, readySince, now, budget);
            }

            @Override
            public void waits(long sdkAppId, CommandRules.TencentAction action, String roomKey, Instant readySince) {
                turns.waits(planner, roomKey, readySince, now);
            }

            @Override
            public void leaves(long sdkAppId, CommandRules.TencentAction action, String roomKey) {
                turns.leaves(roomKey);
            }
        };
    }

    /** A permit booked by a test's step, told apart by its name. */
    private record Booked(String name) implements CallPermits.Permit {
    }

    private static MemberCommand mute(String id, String member, String room) {
        return MemberCommand.newBuilder(CommandRulesTest.command(MemberAction.MUTE, 600L, member)).setId(id).setRoom(room).build();
    }

    /** A ban of an hour of member u{@code i}, id cmd-ban-{@code i}. */
    private static MemberCommand ban(int i) {
        return MemberCommand.newBuilder(CommandRulesTest.command(MemberAction.BAN, 3600L, "u" + i)).setId("cmd-ban-" + i).build();
    }

    private static MemberCommand command(String id, MemberAction action, String member) {
        return MemberCommand.newBuilder(CommandRulesTest.command(action, null, member)).setId(id).build();
    }

    private static ImEvent event(String id, String room, Object payload) {
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand("Group.Callback").setRoom(room)
                .setReceivedAt(T).setPayload(payload).build();
    }
}
