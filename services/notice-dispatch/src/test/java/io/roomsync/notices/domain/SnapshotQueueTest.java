package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The process's order of due snapshots: programme rooms first, then oldest due, one head per app, no stuck head. */
class SnapshotQueueTest {

    static final long T = DispatcherTest.T;
    static final long APP = 1400000000L;
    private final SnapshotQueue queue = new SnapshotQueue(Duration.ofMillis(100));
    private final Object taskA = "task A";
    private final Object taskB = "task B";

    @Test
    void theOldestDueSnapshotIsTheHeadWhicheverTaskQueuedItFirst() {
        // Given task A queued a room due at T + 50, then task B a room due at T
        queue.offer(taskA, APP, "1400000000/a1", false, T + 50, T + 60);
        queue.offer(taskB, APP, "1400000000/b1", false, T, T + 60);

        // Then B's room is the head, and A's is not
        assertThat(queue.isHead(taskB, "1400000000/b1", T + 60)).isTrue();
        assertThat(queue.isHead(taskA, "1400000000/a1", T + 60)).isFalse();
    }

    @Test
    void aRoomOwingAProgrammeGoesBeforeOlderSnapshots() {
        // Given an old snapshot, then a programme room due later
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.offer(taskB, APP, "1400000000/b1", true, T + 500, T + 500);

        // Then the programme room is the head
        assertThat(queue.isHead(taskB, "1400000000/b1", T + 500)).isTrue();
        assertThat(queue.isHead(taskA, "1400000000/a1", T + 500)).isFalse();
    }

    @Test
    void snapshotsDueAtTheSameTimeKeepTheOrderTheyWereQueuedInWhenQueuedAgain() {
        // Given two rooms due at T, queued a1 then b1, and queued again by every tick in the other order
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.offer(taskB, APP, "1400000000/b1", false, T, T);
        queue.offer(taskB, APP, "1400000000/b1", false, T, T + 20);
        queue.offer(taskA, APP, "1400000000/a1", false, T, T + 20);

        // Then a1 keeps the head
        assertThat(queue.isHead(taskA, "1400000000/a1", T + 20)).isTrue();
        assertThat(queue.roomsOf(taskA)).containsExactly("1400000000/a1");
        assertThat(queue.waiting()).isEqualTo(2);
    }

    @Test
    void eachAppHasItsOwnHead() {
        // Given an old snapshot in one app and a newer one in another
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.offer(taskB, 1400000001L, "1400000001/b1", false, T + 500, T + 500);

        // Then both are heads: another app's budget is not this one's
        assertThat(queue.isHead(taskA, "1400000000/a1", T + 500)).isTrue();
        assertThat(queue.isHead(taskB, "1400000001/b1", T + 500)).isTrue();
    }

    @Test
    void aClosedTasksRoomsLeaveAndTheNextRoomIsTheHead() {
        // Given task A's two rooms ahead of B's
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.offer(taskA, APP, "1400000000/a2", false, T + 1, T);
        queue.offer(taskB, APP, "1400000000/b1", false, T + 2, T);

        // When task A closes
        queue.removeAll(taskA);

        // Then B's room is the head, alone
        assertThat(queue.isHead(taskB, "1400000000/b1", T)).isTrue();
        assertThat(queue.roomsOf(taskA)).isEmpty();
        assertThat(queue.waiting()).isEqualTo(1);
    }

    @Test
    void aHeadNotQueuedAgainForLongerThanStaleAfterIsDropped() {
        // Given A's room at the head, last queued at T, and B's behind it
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.offer(taskB, APP, "1400000000/b1", false, T + 5, T + 5);

        // Then it holds the head for 100 ms, and is dropped after
        assertThat(queue.isHead(taskB, "1400000000/b1", T + 100)).isFalse();
        assertThat(queue.isHead(taskB, "1400000000/b1", T + 101)).isTrue();
        assertThat(queue.roomsOf(taskA)).isEmpty();
    }

    @Test
    void aRoomNotQueuedIsNotTheHead() {
        // Given a room queued, then taken out
        queue.offer(taskA, APP, "1400000000/a1", false, T, T);
        queue.remove(taskA, "1400000000/a1");

        // Then it is not the head, and nothing waits
        assertThat(queue.isHead(taskA, "1400000000/a1", T)).isFalse();
        assertThat(queue.waiting()).isZero();
    }
}
