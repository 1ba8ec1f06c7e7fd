package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Snapshot writes draw from one budget of attribute writes for the whole process (the gateway's), not one per stream
 * task, in the order of one queue for the process (oldest due first, whatever its task), and come after the messages.
 */
class SnapshotBudgetTest {

    static final long T = DispatcherTest.T;
    private static final Dispatcher.Settings SETTINGS = new Dispatcher.Settings(Duration.ofMillis(200), 5, 60, 3,
            Duration.ofMillis(500), Duration.ofSeconds(30), 3, Duration.ofSeconds(1));

    private final DispatcherTest.Recording tencent = new DispatcherTest.Recording();
    private final DispatcherTest.Counting outcomes = new DispatcherTest.Counting();
    /** The process's queue of due snapshots; an entry not re-queued for 1 s goes stale. */
    private final SnapshotQueue queue = new SnapshotQueue(Duration.ofSeconds(1));
    /** Two stream tasks of one process: their own stores, one Tencent gateway, one call-slot bound, one snapshot queue. */
    private final CallSlots slots = new CallSlots(50);
    private final Dispatcher taskA = task();
    private final Dispatcher taskB = task();

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

    @Test
    void aTaskWhoseRoomsAreAlwaysDueCannotStarveAnotherTasksRoom() {
        // Given one attribute write free every 250 ms (4 per snapshot interval), task A's 4 rooms changed at T and
        // changing again every 250 ms, and task B's room changed at T + 5
        for (int room = 1; room <= 4; room++) {
            taskA.onState(inRoom("a" + room, "u0"), T);
        }
        taskB.onState(inRoom("b1", "bob"), T + 5);

        // When A ticks before B every time, each tick with one write free
        for (int step = 0; step < 8; step++) {
            long now = T + 10 + step * 250L;
            if (step > 0) {
                for (int room = 1; room <= 4; room++) {
                    taskA.onState(inRoom("a" + room, "u" + step), now - 5);
                }
            }
            tencent.snapshotPermits = 1;
            taskA.snapshots(now);
            taskB.snapshots(now);
        }

        // Then B's room, due before A's rooms were due again, takes the fifth write (first-come, A would take them all),
        // and A's rooms follow in the order they became due
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 a1", "1400000000 a2", "1400000000 a3",
                "1400000000 a4", "1400000000 b1", "1400000000 a1", "1400000000 a2", "1400000000 a3");
        // And each snapshot that waited is counted once: a2, a3, a4 and b1 at the first tick, a1 behind b1 at the fifth,
        // a2 (due again while a1 was written) at the sixth, a3 at the seventh, a4 at the eighth
        assertThat(outcomes.snapshotsDeferred).containsExactly("budget", "budget", "budget", "budget", "budget",
                "budget", "budget", "budget");
        assertThat(queue.waiting()).isEqualTo(1);
    }

    @Test
    void aRevokedTasksRoomsLeaveTheQueue() {
        // Given task A's room at the head of the queue, waiting for a write, and task B's room behind it
        tencent.snapshotPermits = 0;
        taskA.onState(inRoom("live_1", "alice"), T);
        taskB.onState(inRoom("live_2", "bob"), T + 5);
        taskA.snapshots(T + 10);
        taskB.snapshots(T + 10);

        // When A's task is revoked (a rebalance) and a write is free again
        taskA.close();
        tencent.snapshotPermits = 1;
        taskB.snapshots(T + 30);

        // Then B's room takes it at once, and the queue is empty
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_2");
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aRoomWhoseTaskStoppedTickingLosesItsPlaceOnceStale() {
        // Given task A's room at the head of the queue, and A's task stopped without closing (its thread stuck)
        tencent.snapshotPermits = 0;
        taskA.onState(inRoom("live_1", "alice"), T);
        taskB.onState(inRoom("live_2", "bob"), T + 5);
        taskA.snapshots(T + 10);
        taskB.snapshots(T + 10);
        tencent.snapshotPermits = 1;

        // When B ticks within 1 s of A's last tick, and then after it
        taskB.snapshots(T + 1010);
        assertThat(tencent.snapshotRooms).as("A's room still holds its place").isEmpty();
        taskB.snapshots(T + 1011);

        // Then B's room is written once A's entry went stale
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_2");

        // And A's room, queued again at its task's next tick, is next
        tencent.snapshotPermits = 1;
        taskA.snapshots(T + 1020);
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_2", "1400000000 live_1");
    }

    @Test
    void aSnapshotThatWaitsManyTicksIsCountedOnce() {
        // Given a changed room and no attribute write free
        tencent.snapshotPermits = 0;
        taskA.onState(inRoom("live_1", "alice"), T);

        // When it waits 5 ticks, is written, changes again and waits once more
        for (int tick = 0; tick < 5; tick++) {
            taskA.snapshots(T + 10 + tick * 20L);
        }
        tencent.snapshotPermits = 1;
        taskA.snapshots(T + 110);
        taskA.onState(inRoom("live_1", "bob"), T + 200);
        tencent.snapshotPermits = 0;
        taskA.snapshots(T + 1110);
        taskA.snapshots(T + 1130);

        // Then two snapshots waited, each counted once
        assertThat(tencent.snapshotRooms).containsExactly("1400000000 live_1");
        assertThat(outcomes.snapshotsDeferred).containsExactly("budget", "budget");
    }

    private Dispatcher task() {
        return new Dispatcher(new DispatcherTest.Memory(), tencent, outcomes, SETTINGS, slots, queue, () -> T);
    }

    private static MemberState inRoom(String room, String user) {
        return MemberState.newBuilder(DispatcherTest.state(user, 1, MemberRole.ADMIN)).setRoom(room).build();
    }
}
