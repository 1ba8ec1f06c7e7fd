package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A limiter rebuilt at a new share starts after the permits its predecessor already booked (cycles of 10 s, so the
 * outcome does not depend on how fast the test runs).
 */
class LimiterSuccessorTest {

    private static RateLimiterConfig pace(int permits) {
        return RateLimiterConfig.custom().limitForPeriod(permits).limitRefreshPeriod(Duration.ofSeconds(10))
                .timeoutDuration(Duration.ofSeconds(60)).build();
    }

    @Test
    void aSuccessorGivesNoPermitBeforeThePredecessorsBookedCallsHaveGone() {
        // Given a limiter of 3 permits per 10 s that booked 9 calls (this slice and the next two)
        RateLimiter old = RateLimiter.of("1400000000.send_group_msg", pace(3));
        for (int i = 0; i < 9; i++) {
            assertThat(old.reservePermission()).isGreaterThanOrEqualTo(0);
        }

        // When the share changes to 2 permits per 10 s
        RateLimiter next = TimCaller.successor("1400000000.send_group_msg", pace(2), old);

        // Then the successor's first free permit is in its fourth slice, as the old one's: 6 permits booked for them
        assertThat(next.getMetrics().getAvailablePermissions()).isEqualTo(-4);
    }

    @Test
    void aSuccessorOfALimiterWithNothingBookedStartsWithAFullSlice() {
        // Given a limiter that booked nothing
        RateLimiter old = RateLimiter.of("1400000000.send_group_msg", pace(3));

        // When the share changes, Then the successor gives its whole slice at once
        assertThat(TimCaller.successor("1400000000.send_group_msg", pace(2), old).getMetrics().getAvailablePermissions())
                .isEqualTo(2);
    }
}
