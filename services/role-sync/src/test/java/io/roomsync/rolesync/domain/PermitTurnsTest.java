package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whose turn it is for a budget's permits, across the tasks' planners: the rooms that waited longest first. */
class PermitTurnsTest {

    private static final Instant T = Instant.parse("2026-11-30T08:00:00Z");
    private final PermitTurns turns = new PermitTurns(Duration.ofMillis(50));

    /** A limiter's budget: so many permits free; each booked one is named by its order. */
    static final class Limiter implements PermitTurns.Budget<String> {
        int free;
        int booked;

        Limiter(int free) {
            this.free = free;
        }

        @Override
        public int free() {
            return free;
        }

        @Override
        public Optional<String> book() {
            if (free == 0) {
                return Optional.empty();
            }
            free--;
            return Optional.of("permit-" + ++booked);
        }
    }

    /** The planner of {@code room} in the cases where every room has a task of its own. */
    private static String task(String room) {
        return "task-of-" + room;
    }

    @Test
    void aRoomLeavesTheFreePermitsToOlderRoomsOfOtherTasksThatWaitForThem() {
        // Given live_1 and live_2 (another task's) waiting since T and T+1 ms, found no permit
        Limiter limiter = new Limiter(0);
        assertThat(turns.take(task("live_1"), "live_1", T, T, limiter)).isEmpty();
        assertThat(turns.take(task("live_2"), "live_2", T.plusMillis(1), T.plusMillis(1), limiter)).isEmpty();

        // When two permits come free and live_3, ready since T+5 ms, asks first
        limiter.free = 2;
        Optional<String> younger = turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(10), limiter);

        // Then it gets none: both are left for the older rooms, which get them at their next step
        assertThat(younger).isEmpty();
        assertThat(turns.take(task("live_2"), "live_2", T.plusMillis(1), T.plusMillis(12), limiter)).contains("permit-1");
        assertThat(turns.take(task("live_1"), "live_1", T, T.plusMillis(13), limiter)).contains("permit-2");
    }

    @Test
    void aRoomBooksWhatIsFreeBeyondThePermitsLeftForOlderRooms() {
        // Given live_1 waiting since T
        Limiter limiter = new Limiter(0);
        turns.take(task("live_1"), "live_1", T, T, limiter);

        // When two permits come free, Then live_3 (ready later) may book one of them, and not the last
        limiter.free = 2;
        assertThat(turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(10), limiter)).contains("permit-1");
        assertThat(turns.take(task("live_4"), "live_4", T.plusMillis(6), T.plusMillis(10), limiter)).isEmpty();
        assertThat(turns.take(task("live_1"), "live_1", T, T.plusMillis(11), limiter)).contains("permit-2");
    }

    @Test
    void aTaskWhoseOldestWaitingRoomIsOldestBooksForWhicheverOfItsRoomsAsksFirst() {
        // Given task A's live_0 (ready at T) and live_1 (T+2 ms) and task B's live_2 (T+1 ms), all without a permit
        Limiter limiter = new Limiter(0);
        turns.take("task-A", "live_0", T, T, limiter);
        turns.take("task-B", "live_2", T.plusMillis(1), T.plusMillis(1), limiter);
        turns.take("task-A", "live_1", T.plusMillis(2), T.plusMillis(2), limiter);

        // When one permit comes free and task B asks for live_2, Then it is left to task A (its live_0 waited longer)
        limiter.free = 1;
        assertThat(turns.take("task-B", "live_2", T.plusMillis(1), T.plusMillis(10), limiter)).isEmpty();

        // And task A, whose step comes to live_1 first, books it there: its turn is its oldest room's (neither task
        // waits on the other)
        assertThat(turns.take("task-A", "live_1", T.plusMillis(2), T.plusMillis(11), limiter)).contains("permit-1");
    }

    @Test
    void aClaimItsPlannerStoppedRenewingLapsesAndHoldsNothingBack() {
        // Given live_1 waiting since T, last said to wait at T+10 ms (its planner then stalled)
        Limiter limiter = new Limiter(0);
        turns.take(task("live_1"), "live_1", T, T, limiter);
        turns.waits(task("live_1"), "live_1", T, T.plusMillis(10));
        limiter.free = 1;

        // When live_3 asks 49 ms after that, Then the permit is still left for live_1
        assertThat(turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(59), limiter)).isEmpty();

        // When it asks 50 ms after, Then live_1's claim has lapsed and live_3 books it
        assertThat(turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(60), limiter)).contains("permit-1");
    }

    @Test
    void aServedRoomsClaimIsWithdrawn() {
        // Given live_1 waiting since T, then served
        Limiter limiter = new Limiter(0);
        turns.take(task("live_1"), "live_1", T, T, limiter);
        limiter.free = 1;
        assertThat(turns.take(task("live_1"), "live_1", T, T.plusMillis(10), limiter)).contains("permit-1");

        // When a permit comes free again, Then a younger room books it: nothing is left for live_1
        limiter.free = 1;
        assertThat(turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(20), limiter)).contains("permit-2");
    }

    @Test
    void aRoomsOwnClaimNeverHoldsItBackAndTiesGoByRoomKey() {
        // Given live_2 and live_1, both ready since T, found no permit
        Limiter limiter = new Limiter(0);
        turns.take(task("live_2"), "live_2", T, T, limiter);
        turns.take(task("live_1"), "live_1", T, T, limiter);

        // When one permit comes free, Then live_2 leaves it to live_1 (same readiness, lower key), which books it
        limiter.free = 1;
        assertThat(turns.take(task("live_2"), "live_2", T, T.plusMillis(10), limiter)).isEmpty();
        assertThat(turns.take(task("live_1"), "live_1", T, T.plusMillis(10), limiter)).contains("permit-1");
    }

    @Test
    void aRoomThatLeavesTheWaitHoldsNothingBack() {
        // Given live_1 waiting since T, its claim renewed at T+10 ms
        Limiter limiter = new Limiter(0);
        turns.take(task("live_1"), "live_1", T, T.plusMillis(10), limiter);

        // When it leaves the wait (its queue emptied) and a permit comes free
        turns.leaves("live_1");
        limiter.free = 1;

        // Then live_3, ready later, books it at once (not only once live_1's claim lapsed)
        assertThat(turns.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(11), limiter)).contains("permit-1");
    }

    @Test
    void aClosedTasksClaimsAllGoAndOtherTasksClaimsStand() {
        // Given task A's live_0 and live_1 and task B's live_2 waiting, the oldest first
        Limiter limiter = new Limiter(0);
        turns.take("task-A", "live_0", T, T, limiter);
        turns.take("task-A", "live_1", T.plusMillis(1), T, limiter);
        turns.take("task-B", "live_2", T.plusMillis(2), T, limiter);

        // When task A closes and two permits come free
        turns.forget("task-A");
        limiter.free = 2;

        // Then task C's live_3, ready after them all, books one (A's claims went) and leaves the other to live_2
        assertThat(turns.take("task-C", "live_3", T.plusMillis(3), T.plusMillis(10), limiter)).contains("permit-1");
        assertThat(turns.take("task-C", "live_4", T.plusMillis(4), T.plusMillis(10), limiter)).isEmpty();
        assertThat(turns.take("task-B", "live_2", T.plusMillis(2), T.plusMillis(11), limiter)).contains("permit-2");
    }

    @Test
    void eachRefusalIsToldWithItsCause() {
        // Given turns that tell their refusals, and live_1 refused while no permit is free
        List<PermitTurns.Refusal> refusals = new ArrayList<>();
        PermitTurns told = new PermitTurns(Duration.ofMillis(50), refusals::add);
        Limiter limiter = new Limiter(0);
        assertThat(told.take(task("live_1"), "live_1", T, T, limiter)).isEmpty();

        // When one permit comes free: live_3 (younger) is refused, live_1 books it
        limiter.free = 1;
        assertThat(told.take(task("live_3"), "live_3", T.plusMillis(5), T.plusMillis(10), limiter)).isEmpty();
        assertThat(told.take(task("live_1"), "live_1", T, T.plusMillis(10), limiter)).contains("permit-1");

        // Then two refusals were told: none free, then left for the older room; the booking told nothing
        assertThat(refusals).containsExactly(PermitTurns.Refusal.NO_PERMIT_FREE, PermitTurns.Refusal.LEFT_FOR_OLDER_ROOMS);
    }
}
