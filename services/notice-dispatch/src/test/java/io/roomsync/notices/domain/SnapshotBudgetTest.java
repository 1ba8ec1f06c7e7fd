package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Snapshot writes draw from one budget of attribute writes for the whole process (the gateway's), not one per stream
 * task, and come after the messages.
 */
class SnapshotBudgetTest {

    static final long T = DispatcherTest.T;
    private static final Dispatcher.Settings SETTINGS = new Dispatcher.Settings(Duration.ofMillis(200), 5, 60, 3,
            Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1));

    private final DispatcherTest.Recording tencent = new DispatcherTest.Recording();
    private final DispatcherTest.Counting outcomes = new DispatcherTest.Counting();
    /** Two stream tasks of one process: their own stores, one Tencent gateway. */
    private final Dispatcher taskA = new Dispatcher(new DispatcherTest.Memory(), tencent, outcomes, SETTINGS);
    private final Dispatcher taskB = new Dispatcher(new DispatcherTest.Memory(), tencent, outcomes, SETTINGS);

    @Test
    void twoTasksTogetherWriteNoMoreSnapshotsThanTheProcessBudget() {
        // Given 3 attribute writes free for the process, and 2 changed rooms in each of two tasks
        tencent.snapshotPermits = 3;
        taskA.onState(inRoom("live_1", "alice"), T);
        taskA.onState(inRoom("live_2", "bob"), T);
        taskB.onState(inRoom("live_3", "carol"), T);
        taskB.onState(inRoom("live_4", "dave"), T);

        // When both tasks write their snapshots
        taskA.snapshots(T + 10);
        taskB.snapshots(T + 10);

        // Then 3 snapshots are written in all, and the fourth waits, counted
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_1", "1400000000 live_2", "1400000000 live_3");
        assertThat(outcomes.snapshotsDeferred).containsExactly("budget");

        // And it is written once a write is free again
        tencent.snapshotPermits = 1;
        taskB.snapshots(T + 20);
        assertThat(tencent.snapshotRooms).endsWith("1400000000 live_4");
    }

    @Test
    void aRoomsMessageGoesBeforeItsSnapshot() {
        // Given a change in a room
        taskA.onState(inRoom("live_1", "alice"), T);

        // When its snapshot is due before its message went
        taskA.snapshots(T + 10);

        // Then the message went out, and the snapshot after it holds its change
        assertThat(tencent.messages).hasSize(1);
        assertThat(tencent.snapshots.get(0).get("rs.meta")).contains("\"members\":1");
    }

    private static MemberState inRoom(String room, String user) {
        return MemberState.newBuilder(DispatcherTest.state(user, 1, MemberRole.ADMIN)).setRoom(room).build();
    }
}
