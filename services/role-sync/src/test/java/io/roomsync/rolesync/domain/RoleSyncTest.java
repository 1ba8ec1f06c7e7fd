package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.CommandOutcome;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.internal.ReconcileObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * role-sync's decisions with its store in memory and Tencent as a recording stand-in (no Kafka, no Spring). Tencent's
 * answers are applied as soon as a call is started ({@link #settle}), as the processor's punctuator would apply them.
 */
class RoleSyncTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final long APP = 1400000000L;

    private static final String ROOM = APP + "/live_1";
    private static final PermissionGateway.Refused STILL_FAILING = new PermissionGateway.Refused(10002, "internal error", 5, false);

    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryQueues queues = new InMemoryQueues();
    private final RecordingTencent tencent = new RecordingTencent();
    private final RoleSync roleSync = new RoleSync(store, queues, tencent,
            new CommandRules.Limits(Duration.ofDays(30), Duration.ofDays(365), 500), Set.of(APP), Duration.ofMinutes(10));

    /** A command processed, then every call it leads to started and answered. */
    private RoleSync.Outputs command(io.roomsync.contract.member.MemberCommand command, Instant now) {
        return roleSync.onCommand(command, now).and(settle(roleSync, tencent, now));
    }

    /** The rooms whose retry time has come sent again, every call answered. */
    private RoleSync.Outputs retry(Instant now) {
        roleSync.retryDue(now);
        return settle(roleSync, tencent, now);
    }

    /**
     * What the processor does at each punctuation, with Tencent answering at once: start the calls {@code roleSync}
     * plans (a slot for each), apply their answers, and again until no call is left to start.
     */
    static RoleSync.Outputs settle(RoleSync roleSync, RecordingTencent tencent, Instant now) {
        RoleSync.Outputs outputs = RoleSync.Outputs.none();
        while (true) {
            RoleSync.Step step = roleSync.startCalls(now, () -> true);
            outputs = outputs.and(step.outputs());
            if (step.calls().isEmpty()) {
                return outputs;
            }
            for (Call call : step.calls()) {
                outputs = outputs.and(answer(roleSync, call, tencent.apply(call), now));
            }
        }
    }

    /** Applies a finished call's answer, as the processor does on the stream thread. */
    static RoleSync.Outputs answer(RoleSync roleSync, Call call, java.util.concurrent.CompletableFuture<Integer> answer, Instant now) {
        try {
            return roleSync.onApplied(call, answer.join(), now);
        } catch (java.util.concurrent.CompletionException e) {
            return roleSync.onRefused(call, (PermissionGateway.Refused) e.getCause(), now);
        }
    }

    @Test
    void anAppliedMuteCallsTencentOnceAndPublishesTheNextVersionAndAResult() {
        RoleSync.Outputs outputs = command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T.plusSeconds(1));

        assertThat(tencent.calls).containsExactly("MUTE live_1 [alice] 59");
        assertThat(outputs.states()).hasSize(1);
        MemberState state = outputs.states().get(0);
        assertThat(state.getVersion()).isEqualTo(1);
        assertThat(state.getMutedUntil()).isEqualTo(T.plusSeconds(60));
        assertThat(state.getCauseKind()).isEqualTo(ChangeCause.COMMAND);
        assertThat(outputs.result().orElseThrow().getOutcome()).isEqualTo(CommandOutcome.APPLIED);
        assertThat(store.expiries).containsEntry(T.plusSeconds(60), Keys.member(APP, "live_1", "alice"));
    }

    @Test
    void aRedeliveredCommandChangesNothingAndCallsNoOne() {
        command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T);
        RoleSync.Outputs again = command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T.plusSeconds(2));

        assertThat(again.states()).isEmpty();
        assertThat(again.result()).isEmpty();
        assertThat(tencent.calls).hasSize(1);
    }

    @Test
    void aCommandTencentRefusesChangesNoStateAndIsRejectedWithTencentsCode() {
        tencent.refuse = new PermissionGateway.Refused(10004, "a live room has at most 5 admins", 1, true);
        RoleSync.Outputs outputs = command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);

        assertThat(outputs.states()).isEmpty();
        assertThat(outputs.result().orElseThrow().getOutcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outputs.result().orElseThrow().getErrorCode()).isEqualTo(10004);
        assertThat(store.states).isEmpty();
    }

    @Test
    void aCommandTencentKeepsFailingIsHeldWithTheRoomsLaterCommandsAndAppliedInOrderOnceTencentAnswers() {
        // Given Tencent failing every call, a grant for alice and then one for bob
        tencent.refuse = STILL_FAILING;
        RoleSync.Outputs first = command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);
        tencent.refuse = null;
        RoleSync.Outputs second = command(MemberCommandBuilder.next("cmd-2", MemberAction.GRANT_ADMIN, "bob"), T);

        // Then neither has a result yet: alice's is held, tried again in 1 s, and bob's waits behind it
        assertThat(first.results()).isEmpty();
        assertThat(second.results()).isEmpty();
        assertThat(tencent.calls).isEmpty();
        assertThat(queues.due(T)).isEmpty();
        assertThat(queues.due(T.plusSeconds(1))).containsExactly(ROOM);

        // When Tencent answers again and the room is tried
        RoleSync.Outputs both = retry(T.plusSeconds(1));

        // Then both are applied by one call (same API, consecutive), with a result each in the order given, and the
        // room holds nothing back any more
        assertThat(tencent.calls).containsExactly("GRANT_ADMIN live_1 [alice, bob]");
        assertThat(both.results()).extracting(r -> r.getCommandId(), r -> r.getOutcome())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cmd-1", CommandOutcome.APPLIED),
                        org.assertj.core.groups.Tuple.tuple("cmd-2", CommandOutcome.APPLIED));
        assertThat(both.states()).extracting(MemberState::getMember, MemberState::getRole)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", MemberRole.ADMIN),
                        org.assertj.core.groups.Tuple.tuple("bob", MemberRole.ADMIN));
        assertThat(queues.holds(ROOM)).isFalse();
    }

    @Test
    void eachFailedRetryWaitsTwiceAsLongUpToThirtySeconds() {
        tencent.refuse = STILL_FAILING;
        command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);
        assertThat(retry(T.plusSeconds(1)).results()).isEmpty();
        assertThat(queues.tries(ROOM).retryAt()).isEqualTo(T.plusSeconds(3));
        assertThat(RoleSync.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RoleSync.backoff(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCommandStillFailingWhenItsHoldTimeHasPassedIsFailedAndTheNextCommandOfTheRoomGoesOn() {
        // Given alice's grant held since T, bob's (requested 5 minutes later) behind it, and Tencent failing still
        tencent.refuse = STILL_FAILING;
        command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);
        command(io.roomsync.contract.member.MemberCommand.newBuilder(MemberCommandBuilder.next("cmd-2", MemberAction.UNMUTE, "bob"))
                .setRequestedAt(T.plus(Duration.ofMinutes(5))).build(), T.plus(Duration.ofMinutes(5)));

        // When it is tried once the 10 minutes are over
        RoleSync.Outputs failed = retry(T.plus(Duration.ofMinutes(10)));

        // Then it is FAILED with Tencent's code, and bob's command is next (tried at once, held in turn)
        assertThat(failed.results()).extracting(r -> r.getCommandId(), r -> r.getOutcome(), r -> r.getErrorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cmd-1", CommandOutcome.FAILED, 10002));
        assertThat(oldest().getId()).isEqualTo("cmd-2");
    }

    @Test
    void aHeldMuteWhoseEndHasPassedIsRejectedInsteadOfApplied() {
        tencent.refuse = STILL_FAILING;
        command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T);
        tencent.refuse = null;

        RoleSync.Outputs late = retry(T.plusSeconds(61));

        assertThat(late.result().orElseThrow().getOutcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(late.result().orElseThrow().getErrorCode()).isEqualTo(CommandRules.EXPIRED_BEFORE_APPLIED);
        assertThat(tencent.calls).isEmpty();
        assertThat(queues.holds(ROOM)).isFalse();
    }

    @Test
    void aBanHeldWhileTencentFailedSixTimesThenAppliedCountsEverySevenCalls() {
        // Given a ban whose first try Tencent failed five times (the client's five attempts, 10002 each): it is held
        tencent.refuse = STILL_FAILING;
        assertThat(command(CommandRulesTest.command(MemberAction.BAN, 3600L, "alice"), T).results()).isEmpty();
        // And a later command of the room waits behind it
        command(MemberCommandBuilder.next("cmd-2", MemberAction.GRANT_ADMIN, "bob"), T);

        // When the retry fails a sixth time and the client's next attempt is applied (two calls in that try), and the
        // grant behind it is applied by one call
        tencent.refuse = null;
        tencent.callsPerApply.addAll(List.of(2, 1));
        RoleSync.Outputs applied = retry(T.plusSeconds(1));

        // Then the ban's result counts all seven calls, and the grant behind it only its own one
        assertThat(applied.results()).extracting(r -> r.getCommandId(), r -> r.getOutcome(), r -> r.getAttempts())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cmd-1", CommandOutcome.APPLIED, 7),
                        org.assertj.core.groups.Tuple.tuple("cmd-2", CommandOutcome.APPLIED, 1));
    }

    @Test
    void aHeldCommandFailedWhenItsHoldTimeHasPassedCountsTheCallsOfEveryTry() {
        // Given a grant Tencent fails on every try: five calls at T, five more at T + 1 s
        tencent.refuse = STILL_FAILING;
        command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);
        retry(T.plusSeconds(1));

        // When it is tried a third time once its 10 minutes are over
        RoleSync.Outputs failed = retry(T.plus(Duration.ofMinutes(10)));

        // Then it is FAILED after 15 calls
        assertThat(failed.result().orElseThrow().getOutcome()).isEqualTo(CommandOutcome.FAILED);
        assertThat(failed.result().orElseThrow().getAttempts()).isEqualTo(15);
    }

    @Test
    void aHeldMuteRejectedBecauseItsEndHasPassedCountsTheCallsItsTriesMade() {
        tencent.refuse = STILL_FAILING;
        command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T);

        RoleSync.Outputs late = retry(T.plusSeconds(61));

        assertThat(late.result().orElseThrow().getErrorCode()).isEqualTo(CommandRules.EXPIRED_BEFORE_APPLIED);
        assertThat(late.result().orElseThrow().getAttempts()).isEqualTo(5);
    }

    private io.roomsync.contract.member.MemberCommand oldest() {
        return (io.roomsync.contract.member.MemberCommand) queues.head(ROOM, 1).get(0).input();
    }

    @Test
    void anInvalidCommandIsRejectedWithoutCallingTencent() {
        RoleSync.Outputs outputs = command(CommandRulesTest.command(MemberAction.MUTE, 0L, "alice"), T);
        assertThat(outputs.result().orElseThrow().getErrorCode()).isEqualTo(CommandRules.INVALID_DURATION);
        assertThat(tencent.calls).isEmpty();
    }

    @Test
    void joinsExitsOnlineAndRoleChangesComeFromCallbacksOnce() {
        assertThat(roleSync.onEvent(event("ev-1", new MembersJoined("Apply", List.of("alice", "bob"))), T).states())
                .extracting(MemberState::getPresent).containsOnly(true);
        assertThat(roleSync.onEvent(event("ev-1", new MembersJoined("Apply", List.of("alice", "bob"))), T).states()).isEmpty();
        assertThat(roleSync.onEvent(event("ev-2", new MembersExited("Quit", List.of("bob"))), T).states())
                .extracting(MemberState::getMember, MemberState::getPresent, MemberState::getVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", false, 2L));
        assertThat(roleSync.onEvent(event("ev-3", new MembersOnlineStateChanged("Offline", "HeartbeatInterrupt", List.of("alice"))), T)
                .states().get(0).getPresent()).isFalse();
        MemberState admin = roleSync.onEvent(event("ev-4", new MemberFieldChanged("alice", "Admin", null)), T).states().get(0);
        assertThat(admin.getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(admin.getCauseKind()).isEqualTo(ChangeCause.EVENT);
        assertThat(admin.getVersion()).isEqualTo(3);
    }

    @Test
    void aMemberAOfSlashBInRoomRIsNotMemberBOfRoomRSlashA() {
        // Given b joined room "R/a" (issue 12, case 3)
        roleSync.onEvent(ImEvent.newBuilder(event("ev-1", new MembersJoined("Apply", List.of("b")))).setRoom("R/a").build(), T);
        MemberState bInRa = store.states.get(Keys.member(APP, "R/a", "b"));

        // When Tencent reports that member "a/b" of room "R" became an admin
        RoleSync.Outputs outputs = roleSync.onEvent(ImEvent.newBuilder(event("ev-2", new MemberFieldChanged("a/b", "Admin", null)))
                .setRoom("R").build(), T.plusSeconds(1));

        // Then member a/b of room R is admin at version 1, under its own key
        assertThat(outputs.states()).extracting(MemberState::getRoom, MemberState::getMember, MemberState::getRole, MemberState::getVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("R", "a/b", MemberRole.ADMIN, 1L));
        assertThat(store.states).containsOnlyKeys(APP + "/R%2Fa/b", APP + "/R/a%2Fb");
        // and member b of room R/a is exactly as its join left it: a present plain member at version 1
        assertThat(store.states.get(Keys.member(APP, "R/a", "b"))).isEqualTo(bInRa);
        assertThat(bInRa.getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(bInRa.getVersion()).isEqualTo(1L);
        assertThat(bInRa.getCause()).isEqualTo("ev-1");
        assertThat(bInRa.getPresent()).isTrue();
    }

    @Test
    void aChatMessageChangesNoMemberAndIsNotEvenRemembered() {
        ImEvent message = event("ev-chat", io.roomsync.contract.im.GroupMessage.newBuilder().setFrom("alice").setRandom(1L)
                .setBody(List.of()).build());

        RoleSync.Outputs outputs = roleSync.onEvent(message, T);

        assertThat(outputs.states()).isEmpty();
        assertThat(store.seen).isEmpty();
        assertThat(store.states).isEmpty();
    }

    @Test
    void aDestroyedRoomClearsEveryKnownMember() {
        roleSync.onEvent(event("ev-1", new MembersJoined("Apply", List.of("alice", "bob"))), T);
        command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);

        RoleSync.Outputs outputs = roleSync.onEvent(ImEvent.newBuilder(event("ev-9", new GroupDestroyed("host", "Live", List.of())))
                .setCommand("Group.CallbackAfterGroupDestroyed").build(), T);

        assertThat(outputs.states()).extracting(MemberState::getMember).containsExactlyInAnyOrder("alice", "bob");
        assertThat(outputs.states()).extracting(MemberState::getCauseKind).containsOnly(ChangeCause.ROOM_DESTROYED);
        assertThat(outputs.states()).allMatch(s -> s.getRole() == MemberRole.MEMBER && !s.getPresent());
    }

    @Test
    void anEndedMuteExpiresWithANewVersionWithoutACommand() {
        command(CommandRulesTest.command(MemberAction.MUTE, 60L, "alice"), T);
        String key = Keys.member(APP, "live_1", "alice");

        assertThat(roleSync.onExpiry(key, T.plusSeconds(30)).states()).isEmpty();
        MemberState expired = roleSync.onExpiry(key, T.plusSeconds(60)).states().get(0);

        assertThat(expired.getMutedUntil()).isNull();
        assertThat(expired.getVersion()).isEqualTo(2);
        assertThat(expired.getCauseKind()).isEqualTo(ChangeCause.EXPIRY);
    }

    @Test
    void reconcileCorrectsWhatTencentSaysDifferentlyAndLeavesNewerStatesAlone() {
        command(CommandRulesTest.command(MemberAction.GRANT_ADMIN, null, "alice"), T);
        command(MemberCommandBuilder.next("cmd-2", MemberAction.GRANT_ADMIN, "carol"), T.plusSeconds(120));
        // Tencent, read at T+60: bob was made admin and dave muted outside roomsync; alice lost admin; carol's grant came later
        ReconcileObservation observation = ReconcileObservation.newBuilder().setId("obs-1").setSdkAppId(APP).setRoom("live_1")
                .setAdmins(List.of("bob")).setMutedUntil(Map.of("dave", T.plusSeconds(600))).setBannedUntil(Map.of())
                .setObservedAt(T.plusSeconds(60)).build();

        RoleSync.Outputs outputs = roleSync.onObservation(observation, T.plusSeconds(130));

        Map<String, MemberState> byMember = new TreeMap<>();
        outputs.states().forEach(s -> byMember.put(s.getMember(), s));
        assertThat(byMember.keySet()).containsExactly("alice", "bob", "dave");
        assertThat(byMember.get("alice").getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(byMember.get("bob").getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(byMember.get("dave").getMutedUntil()).isEqualTo(T.plusSeconds(600));
        assertThat(outputs.states()).extracting(MemberState::getCauseKind).containsOnly(ChangeCause.RECONCILE);
        assertThat(roleSync.onObservation(observation, T.plusSeconds(131)).states()).as("observation applied once").isEmpty();
    }

    private static ImEvent event(String id, Object payload) {
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand("Group.Callback").setRoom("live_1")
                .setReceivedAt(T).setPayload(payload).build();
    }

    /** Commands other than the default one of CommandRulesTest. */
    static final class MemberCommandBuilder {
        static io.roomsync.contract.member.MemberCommand next(String id, MemberAction action, String member) {
            return io.roomsync.contract.member.MemberCommand.newBuilder(CommandRulesTest.command(action, null, member)).setId(id).build();
        }
    }

    /**
     * Tencent as far as role-sync's core sees it: records applied calls, refuses when told to (every call, or the calls
     * naming a given account), and says an applied call took the next of {@code callsPerApply} calls (1 when none is
     * left; more than 1: the client's retries before Tencent took it). Answers at once.
     */
    static final class RecordingTencent implements PermissionGateway {
        final List<String> calls = new ArrayList<>();
        final java.util.Deque<Integer> callsPerApply = new java.util.ArrayDeque<>();
        /** The permit each call was made with, in the order of the calls. */
        final List<CallPermits.Permit> permitsUsed = new ArrayList<>();
        Refused refuse;
        String refuseCallsNaming;
        Refused refusalOfThoseCalls;

        @Override
        public java.util.concurrent.CompletableFuture<Integer> apply(Call call) {
            List<String> members = call.members();
            long seconds = call.seconds();
            permitsUsed.add(call.permit());
            if (refuse != null) {
                return java.util.concurrent.CompletableFuture.failedFuture(refuse);
            }
            if (refuseCallsNaming != null && members.contains(refuseCallsNaming)) {
                return java.util.concurrent.CompletableFuture.failedFuture(refusalOfThoseCalls);
            }
            calls.add(call.action() + " " + call.room() + " " + members + (seconds > 0 ? " " + seconds : ""));
            return java.util.concurrent.CompletableFuture.completedFuture(callsPerApply.isEmpty() ? 1 : callsPerApply.poll());
        }

        @Override
        public int accountsPerCall(CommandRules.TencentAction action) {
            return switch (action) {
                case MUTE, UNMUTE -> 500;
                case BAN, UNBAN -> 20;
                case GRANT_ADMIN, REVOKE_ADMIN -> 5;
            };
        }
    }

    /** Room queues in memory. */
    static final class InMemoryQueues implements RoomQueues {
        final Map<String, TreeMap<Long, org.apache.avro.specific.SpecificRecord>> queues = new LinkedHashMap<>();
        final Map<String, Tries> tries = new HashMap<>();
        final Map<String, Long> next = new HashMap<>();
        /** How many times {@link #head} was read. */
        int headReads;

        @Override
        public boolean holds(String roomKey) {
            return queues.containsKey(roomKey);
        }

        @Override
        public void append(String roomKey, org.apache.avro.specific.SpecificRecord input) {
            long seq = next.merge(roomKey, 1L, Long::sum) - 1;
            queues.computeIfAbsent(roomKey, k -> new TreeMap<>()).put(seq, input);
        }

        @Override
        public List<Queued> head(String roomKey, int max) {
            headReads++;
            return queues.getOrDefault(roomKey, new TreeMap<>()).entrySet().stream().limit(max)
                    .map(entry -> new Queued(entry.getKey(), entry.getValue())).toList();
        }

        @Override
        public void remove(String roomKey, Queued entry) {
            queues.get(roomKey).remove(entry.seq());
            if (queues.get(roomKey).isEmpty()) {
                queues.remove(roomKey);
                tries.remove(roomKey);
                next.remove(roomKey);
            }
        }

        @Override
        public Tries tries(String roomKey) {
            return tries.getOrDefault(roomKey, Tries.NONE);
        }

        @Override
        public void tries(String roomKey, Tries roomTries) {
            tries.put(roomKey, roomTries);
        }

        @Override
        public List<String> rooms() {
            return List.copyOf(queues.keySet());
        }

        @Override
        public List<String> due(Instant now) {
            return tries.entrySet().stream().filter(entry -> entry.getValue().retryAt().isAfter(Instant.EPOCH)
                    && !entry.getValue().retryAt().isAfter(now)).map(Map.Entry::getKey).toList();
        }
    }

    /** The store in memory, as a Kafka Streams task holds it. */
    static final class InMemoryStore implements MemberStore {
        final Map<String, MemberState> states = new LinkedHashMap<>();
        final Set<String> seen = new HashSet<>();
        final Map<String, Instant> remembered = new HashMap<>();
        final Map<Instant, String> expiries = new HashMap<>();
        final Map<String, Instant> callbackTimes = new HashMap<>();
        final Map<String, Instant> endedRooms = new HashMap<>();

        @Override
        public Optional<MemberState> get(String memberKey) {
            return Optional.ofNullable(states.get(memberKey));
        }

        @Override
        public void put(String memberKey, MemberState state) {
            states.put(memberKey, state);
        }

        @Override
        public Map<String, MemberState> room(long sdkAppId, String room) {
            Map<String, MemberState> members = new LinkedHashMap<>();
            states.forEach((key, state) -> {
                if (state.getRoom().equals(room) && state.getSdkAppId() == sdkAppId) {
                    members.put(state.getMember(), state);
                }
            });
            return members;
        }

        @Override
        public boolean seen(String id) {
            return seen.contains(id);
        }

        @Override
        public void remember(String id, Instant at) {
            seen.add(id);
            remembered.put(id, at);
        }

        @Override
        public Optional<Instant> remembered(String id) {
            return Optional.ofNullable(remembered.get(id));
        }

        @Override
        public void expireAt(Instant until, String memberKey) {
            expiries.put(until, memberKey);
        }

        @Override
        public Optional<Instant> newestCallback(String memberKey, CallbackOrder.Aspect aspect) {
            return Optional.ofNullable(callbackTimes.get(memberKey + "|" + aspect));
        }

        @Override
        public void callbackApplied(String memberKey, CallbackOrder.Aspect aspect, Instant eventTime) {
            callbackTimes.put(memberKey + "|" + aspect, eventTime);
        }

        @Override
        public List<String> forgetMembers(List<String> memberKeys) {
            List<String> removed = memberKeys.stream().filter(states::containsKey).sorted().toList();
            removed.forEach(states::remove);
            callbackTimes.keySet().removeIf(key -> memberKeys.contains(key.substring(0, key.lastIndexOf('|'))));
            expiries.values().removeIf(memberKeys::contains);
            return removed;
        }

        @Override
        public Optional<Instant> roomEnded(long sdkAppId, String room) {
            return Optional.ofNullable(endedRooms.get(Keys.appRoom(sdkAppId, room)));
        }

        @Override
        public void roomEnded(long sdkAppId, String room, Instant eventTime) {
            endedRooms.put(Keys.appRoom(sdkAppId, room), eventTime);
        }
    }
}
