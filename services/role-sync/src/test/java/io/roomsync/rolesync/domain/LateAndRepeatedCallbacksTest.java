package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.EventIds;
import io.roomsync.contract.Keys;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, cases 1 and 2, as role-sync sees them: a callback that really happens again is applied again; a callback
 * older than one already applied to the same member changes nothing, and is counted.
 */
class LateAndRepeatedCallbacksTest {

    private static final long APP = 1400000000L;
    private static final String ROOM = "live_1";
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T = Instant.parse("2026-11-29T09:59:50Z");
    private static final String ALICE = Keys.member(APP, ROOM, "alice");
    private static final String STATE_CHANGE = "Group.CallbackOnMemberStateChange";
    private static final String FIELD_CHANGE = "Group.CallbackAfterMemberFieldChanged";
    private static final String JOIN = "Group.CallbackAfterNewMemberJoin";
    private static final String EXIT = "Group.CallbackAfterMemberExit";

    private final RoleSyncTest.InMemoryStore store = new RoleSyncTest.InMemoryStore();
    private final RoleSyncTest.RecordingTencent tencent = new RoleSyncTest.RecordingTencent();
    private final RoleSync roleSync = new RoleSync(store, new RoleSyncTest.InMemoryQueues(), tencent,
            new CommandRules.Limits(Duration.ofDays(30), Duration.ofDays(365), 500), Set.of(APP), Duration.ofMinutes(10));

    // --- case 1: a real repeat, in Tencent's older bodies without EventTime, is not a duplicate -------------------

    @Test
    void offlineOnlineOfflineEndsOfflineAtVersion4() {
        // Given alice joined (version 1)
        apply(unstamped(JOIN, joinBody(), "99", new MembersJoined("Apply", List.of("alice"))));

        // When Offline, Online and Offline arrive, each its own signed callback without EventTime, a second apart
        apply(unstamped(STATE_CHANGE, stateBody("Offline"), "100", online("Offline")));
        apply(unstamped(STATE_CHANGE, stateBody("Online"), "101", online("Online")));
        apply(unstamped(STATE_CHANGE, stateBody("Offline"), "102", online("Offline")));

        // Then she is offline at version 4
        assertThat(alice().getPresent()).isFalse();
        assertThat(alice().getVersion()).isEqualTo(4);
    }

    @Test
    void adminMemberAdminEndsAdminAtVersion3() {
        apply(unstamped(FIELD_CHANGE, roleBody("Admin"), "100", new MemberFieldChanged("alice", "Admin", null)));
        apply(unstamped(FIELD_CHANGE, roleBody("Member"), "101", new MemberFieldChanged("alice", "Member", null)));
        apply(unstamped(FIELD_CHANGE, roleBody("Admin"), "102", new MemberFieldChanged("alice", "Admin", null)));

        assertThat(alice().getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(alice().getVersion()).isEqualTo(3);
    }

    @Test
    void joinExitJoinEndsPresentAtVersion3AndTheSameDeliveryAgainChangesNothing() {
        ImEvent firstJoin = unstamped(JOIN, joinBody(), "100", new MembersJoined("Apply", List.of("alice")));
        apply(firstJoin);
        apply(unstamped(EXIT, exitBody(), "101", new MembersExited("Quit", List.of("alice"))));
        apply(unstamped(JOIN, joinBody(), "102", new MembersJoined("Apply", List.of("alice"))));

        assertThat(alice().getPresent()).isTrue();
        assertThat(alice().getVersion()).isEqualTo(3);
        // The first delivery published again has its id, and is skipped
        assertThat(apply(firstJoin).states()).isEmpty();
        assertThat(alice().getVersion()).isEqualTo(3);
    }

    // --- case 2: late callbacks do not undo newer ones -------------------------------------------------------

    @Test
    void aJoinOlderThanAnAppliedExitChangesNothingAndIsCounted() {
        // Given alice joined at T - 10 s and exited at T
        apply(stamped("ev-join-1", T.minusSeconds(10), new MembersJoined("Apply", List.of("alice"))));
        apply(stamped("ev-exit", T, new MembersExited("Quit", List.of("alice"))));

        // When a join stamped T - 2 s is delivered after the exit
        RoleSync.Outputs late = apply(stamped("ev-join-2", T.minusSeconds(2), new MembersJoined("Apply", List.of("alice"))));

        // Then nothing changes: she is out, at version 2, and one stale callback is counted
        assertThat(late.states()).isEmpty();
        assertThat(late.staleCallbacks()).isEqualTo(1);
        assertThat(alice().getPresent()).isFalse();
        assertThat(alice().getVersion()).isEqualTo(2);
    }

    @Test
    void anExitDeliveredBeforeAnOlderJoinLeavesANewMemberOutWithNoStateAtAll() {
        // Given an exit at T delivered first (alice was never seen: nothing to publish)
        assertThat(apply(stamped("ev-exit", T, new MembersExited("Quit", List.of("alice")))).states()).isEmpty();

        // When her join at T - 2 s arrives
        RoleSync.Outputs late = apply(stamped("ev-join", T.minusSeconds(2), new MembersJoined("Apply", List.of("alice"))));

        // Then she is not present: no state was ever made (version 0)
        assertThat(late.states()).isEmpty();
        assertThat(late.staleCallbacks()).isEqualTo(1);
        assertThat(store.states).doesNotContainKey(ALICE);
    }

    @Test
    void aCallbackThatChangedNothingStillOrdersLaterOnes() {
        // Given alice joined at T - 10 s, and joined again at T (an exit at T - 5 s is still on its way)
        apply(stamped("ev-join-1", T.minusSeconds(10), new MembersJoined("Apply", List.of("alice"))));
        assertThat(apply(stamped("ev-join-2", T, new MembersJoined("Apply", List.of("alice")))).states()).isEmpty();

        // When the exit at T - 5 s arrives
        RoleSync.Outputs late = apply(stamped("ev-exit", T.minusSeconds(5), new MembersExited("Quit", List.of("alice"))));

        // Then she stays present, at version 1
        assertThat(late.staleCallbacks()).isEqualTo(1);
        assertThat(alice().getPresent()).isTrue();
        assertThat(alice().getVersion()).isEqualTo(1);
    }

    @Test
    void callbacksWithTheSameEventTimeApplyInArrivalOrder() {
        apply(stamped("ev-join", T, new MembersJoined("Apply", List.of("alice"))));
        RoleSync.Outputs exit = apply(stamped("ev-offline", T, online("Offline")));

        assertThat(exit.staleCallbacks()).isZero();
        assertThat(alice().getPresent()).isFalse();
        assertThat(alice().getVersion()).isEqualTo(2);
    }

    @Test
    void presenceAndRoleAreOrderedApart() {
        // Given alice joined at T - 10 s and was made admin at T
        apply(stamped("ev-join", T.minusSeconds(10), new MembersJoined("Apply", List.of("alice"))));
        apply(stamped("ev-admin", T, new MemberFieldChanged("alice", "Admin", null)));

        // When her exit at T - 1 s arrives late
        RoleSync.Outputs exit = apply(stamped("ev-exit", T.minusSeconds(1), new MembersExited("Quit", List.of("alice"))));

        // Then it applies: a role change says nothing about presence
        assertThat(exit.staleCallbacks()).isZero();
        assertThat(alice().getPresent()).isFalse();
        assertThat(alice().getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(alice().getVersion()).isEqualTo(3);
    }

    @Test
    void aCallbackWithoutEventTimeAppliesInArrivalOrderAndMovesNothing() {
        // Given alice joined at T
        apply(stamped("ev-join-1", T, new MembersJoined("Apply", List.of("alice"))));

        // When an Offline without EventTime arrives, then a join stamped T - 1 s
        apply(unstamped(STATE_CHANGE, stateBody("Offline"), "100", online("Offline")));
        RoleSync.Outputs late = apply(stamped("ev-join-2", T.minusSeconds(1), new MembersJoined("Apply", List.of("alice"))));

        // Then the Offline applied (version 2), and the join is still older than the newest stamped callback
        assertThat(late.staleCallbacks()).isEqualTo(1);
        assertThat(alice().getPresent()).isFalse();
        assertThat(alice().getVersion()).isEqualTo(2);
    }

    @Test
    void aJoinOlderThanTheRoomsDestructionChangesNothing() {
        apply(stamped("ev-join-1", T.minusSeconds(10), new MembersJoined("Apply", List.of("alice"))));
        apply(ImEvent.newBuilder(stamped("ev-destroy", T, new GroupDestroyed("host", "Live", List.of())))
                .setCommand("Group.CallbackAfterGroupDestroyed").build());

        RoleSync.Outputs late = apply(stamped("ev-join-2", T.minusSeconds(1), new MembersJoined("Apply", List.of("alice"))));

        // (the destroyed room forgot alice, case 7; its end time still refuses the late join)
        assertThat(late.staleCallbacks()).isEqualTo(1);
        assertThat(late.states()).isEmpty();
        assertThat(alice()).isNull();
    }

    // --- commands and callbacks: commands in arrival order, apart from callback times ---------------------------

    @Test
    void aCommandAppliesWhateverTheCallbackTimesAndALaterCallbackStillAppliesOverIt() {
        // Given alice made admin by a callback stamped T
        apply(stamped("ev-admin", T, new MemberFieldChanged("alice", "Admin", null)));

        // When role-sync revokes her admin (a command, applied as it arrives)
        RoleSync.Outputs revoked = roleSync.onCommand(CommandRulesTest.command(MemberAction.REVOKE_ADMIN, null, "alice"), NOW)
                .and(RoleSyncTest.settle(roleSync, tencent, NOW));
        // Then she is a member at version 2
        assertThat(revoked.states()).extracting(MemberState::getRole, MemberState::getVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MemberRole.MEMBER, 2L));

        // And when a callback stamped T + 1 s (not older than the newest callback) says Admin, it applies: version 3
        apply(stamped("ev-admin-2", T.plusSeconds(1), new MemberFieldChanged("alice", "Admin", null)));
        assertThat(alice().getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(alice().getVersion()).isEqualTo(3);
        // while one stamped T - 1 s changes nothing
        assertThat(apply(stamped("ev-member", T.minusSeconds(1), new MemberFieldChanged("alice", "Member", null)))
                .staleCallbacks()).isEqualTo(1);
        assertThat(alice().getRole()).isEqualTo(MemberRole.ADMIN);
    }

    private RoleSync.Outputs apply(ImEvent event) {
        return roleSync.onEvent(event, NOW);
    }

    private MemberState alice() {
        return store.states.get(ALICE);
    }

    private static MembersOnlineStateChanged online(String state) {
        return new MembersOnlineStateChanged(state, null, List.of("alice"));
    }

    private static ImEvent stamped(String id, Instant eventTime, Object payload) {
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand("Group.Callback").setRoom(ROOM)
                .setEventTime(eventTime).setReceivedAt(NOW).setPayload(payload).build();
    }

    /** A callback without EventTime, with the id ingest gives it: over its body and the delivery's RequestTime. */
    private static ImEvent unstamped(String command, String body, String requestTime, Object payload) {
        return ImEvent.newBuilder().setId(EventIds.of(APP, command, body.getBytes(StandardCharsets.UTF_8), requestTime))
                .setSdkAppId(APP).setCommand(command).setRoom(ROOM).setReceivedAt(NOW).setPayload(payload).build();
    }

    private static String stateBody(String state) {
        return "{\"CallbackCommand\":\"" + STATE_CHANGE + "\",\"GroupId\":\"live_1\",\"EventType\":\"" + state
                + "\",\"MemberList\":[{\"Member_Account\":\"alice\"}]}";
    }

    private static String roleBody(String role) {
        return "{\"CallbackCommand\":\"" + FIELD_CHANGE + "\",\"GroupId\":\"live_1\",\"Member_Account\":\"alice\",\"Role\":\""
                + role + "\"}";
    }

    private static String joinBody() {
        return "{\"CallbackCommand\":\"" + JOIN + "\",\"GroupId\":\"live_1\",\"NewMemberList\":[{\"Member_Account\":\"alice\"}]}";
    }

    private static String exitBody() {
        return "{\"CallbackCommand\":\"" + EXIT + "\",\"GroupId\":\"live_1\",\"ExitMemberList\":[{\"Member_Account\":\"alice\"}]}";
    }
}
