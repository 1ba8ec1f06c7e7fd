package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Permits booked ahead by callers that plan calls (role-sync's planners, one per stream thread), on a limiter of 9
 * permits per 50 ms (one replica's share of 200/s) whose clock the test moves: the outcome never depends on how fast
 * the test runs.
 */
class PermitBookTest {

    private static final Duration TICK = Duration.ofMillis(10);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PermitBook book = bookOn(now::get);

    /** A book of 9 permits per 50 ms on {@code clock}, its cycles counted from the clock's reading now. */
    private PermitBook bookOn(LongSupplier clock) {
        return new PermitBook(new AtomicRateLimiter("1400000000.forbid_send_msg",
                RateLimiterConfig.custom().limitForPeriod(9).limitRefreshPeriod(Duration.ofMillis(50))
                        .timeoutDuration(Duration.ofSeconds(5)).build(), clock::getAsLong), clock, now.get());
    }

    /** How many of {@code asks} bookings within a tick were granted. */
    private long granted(int asks) {
        return granted(book, asks);
    }

    private static long granted(PermitBook book, int asks) {
        return IntStream.range(0, asks).mapToObj(i -> book.bookWithin(TICK)).filter(Optional::isPresent).count();
    }

    @Test
    void twoPlannersAskingAtTheSameMomentAreGrantedTogetherOnlyWhatTheLimiterGivesWithinTheTick() {
        // Given a limiter with its 9 permits of the cycle free, and the next cycle 50 ms away
        // When one planner asks for 9 permits, and another, at the same moment, for 9 more
        long first = granted(9);
        long second = granted(9);

        // Then the first gets the 9 and the second none (reading the free permits without booking them, both saw 9)
        assertThat(first).isEqualTo(9);
        assertThat(second).isZero();
    }

    @Test
    void plannersOnThreeThreadsAskingConcurrentlyAreGrantedExactlyTheCyclesPermits() throws Exception {
        // Given a clock standing still whose every reading pauses the reading thread for a moment, so that the threads'
        // looks at the limiter and their bookings interleave unless one lock keeps each look with its booking
        PermitBook book = bookOn(() -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return now.get();
        });
        // And three planners, each starting at the same moment on its own thread
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> planners = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                planners.add(threads.submit(() -> {
                    start.await();
                    return granted(book, 20);
                }));
            }

            // When each asks for 20 permits within the tick
            start.countDown();
            long total = 0;
            for (Future<Long> planner : planners) {
                total += planner.get();
            }

            // Then 9 are granted in all: no permit is granted twice
            assertThat(total).isEqualTo(9);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPermitOfTheNextCycleIsBookedWhenThatCycleStartsWithinTheTickAndItsCallWaitsOnlyUntilThen() {
        // Given the cycle's 9 permits booked, 45 ms into the cycle
        assertThat(granted(9)).isEqualTo(9);
        now.addAndGet(Duration.ofMillis(45).toNanos());

        // When a planner asks for a permit within 1 ms, Then it gets none (the next cycle starts in 5 ms)
        assertThat(book.bookWithin(Duration.ofMillis(1))).isEmpty();

        // When it asks within the 10 ms tick, Then it gets one of the next cycle, and its call waits exactly 5 ms for it
        Permit next = book.bookWithin(TICK).orElseThrow();
        assertThat(next.waitAt(now.get())).isEqualTo(Duration.ofMillis(5).toNanos());
    }

    @Test
    void thePermitsFreeWithinTheTickAreTheCyclesLeftThenTheNextCyclesNotYetBooked() {
        // Given a free cycle, Then its 9 are free; after 4 are booked, 5
        assertThat(book.freeWithin(TICK)).isEqualTo(9);
        assertThat(granted(4)).isEqualTo(4);
        assertThat(book.freeWithin(TICK)).isEqualTo(5);

        // When the cycle's last 5 are booked, 45 ms into it, Then none is free within 1 ms, and the next cycle's 9 within the tick
        assertThat(granted(5)).isEqualTo(5);
        now.addAndGet(Duration.ofMillis(45).toNanos());
        assertThat(book.freeWithin(Duration.ofMillis(1))).isZero();
        assertThat(book.freeWithin(TICK)).isEqualTo(9);

        // And once 3 of those are booked, 6
        assertThat(granted(3)).isEqualTo(3);
        assertThat(book.freeWithin(TICK)).isEqualTo(6);
    }

    @Test
    void nearACyclesEndTheNextCyclesPermitsDueWithinTheTickCountAsFreeBesideTheCyclesLast() {
        // Given 7 of the cycle's 9 permits booked, 45 ms into the cycle (the next one starts in 5 ms)
        assertThat(granted(7)).isEqualTo(7);
        now.addAndGet(Duration.ofMillis(45).toNanos());

        // When a planner looks at the permits free within the 10 ms tick, Then it sees the cycle's 2 and the next's 9
        assertThat(book.freeWithin(TICK)).isEqualTo(11);
        // And within 1 ms only the cycle's 2
        assertThat(book.freeWithin(Duration.ofMillis(1))).isEqualTo(2);

        // And exactly those 11 can be booked within the tick
        assertThat(granted(12)).isEqualTo(11);
        assertThat(book.freeWithin(TICK)).isZero();
    }

    @Test
    void aCallsOwnBookingQueuesBehindThePermitsPlannersBooked() {
        // Given the cycle's 9 permits booked by planners
        assertThat(granted(9)).isEqualTo(9);

        // When a call without a permit (a retry) books its own, Then it gets the first of the next cycle, 50 ms on
        assertThat(book.book()).isEqualTo(Duration.ofMillis(50).toNanos());

        // And a planner asking within the tick gets none: that permit is taken too
        assertThat(book.bookWithin(TICK)).isEmpty();
    }

    @Test
    void aPermitIsDueAtOnceInItsCycleAndLapsesOneCycleAfterItWasDue() {
        // Given a permit booked from a free cycle
        Permit permit = book.bookWithin(TICK).orElseThrow();

        // Then its call goes at once while its cycle lasts, and one cycle after it was due it books a new one
        assertThat(permit.waitAt(now.get())).isZero();
        assertThat(permit.waitAt(now.get() + Duration.ofMillis(49).toNanos())).isZero();
        assertThat(permit.waitAt(now.get() + Duration.ofMillis(50).toNanos())).isEqualTo(-1);
    }
}
