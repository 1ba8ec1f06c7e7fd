package io.roomsync.tim;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Every booking of one (app, API) rate limiter's permits in this process, one at a time. resilience4j books a permit
 * atomically, but only up to the limiter's own wait limit ({@link TimClientConfig#rateLimitWait()}); a caller that
 * wants a permit only if it comes within a shorter time ({@link #bookWithin}) must look at the limiter first, and the
 * look and the booking must not be split by another booking, or two callers would both see the same last permit.
 * Hence one lock per limiter, taken by every booking of it (a call's own request too, {@link #book}); a booking is a
 * compare-and-set, so the lock is held for microseconds.
 */
final class PermitBook {

    private final String budget;
    private final RateLimiter limiter;
    private final LongSupplier nanoTime;
    private final long cyclesFrom;

    /**
     * @param limiter    the (app, API)'s limiter; its name is the budget's ({@code sdkAppId.command})
     * @param nanoTime   the clock the limiter runs on ({@code System::nanoTime} but in tests)
     * @param cyclesFrom when the limiter's first cycle began, on {@code nanoTime}'s scale: resilience4j's limiter counts
     *                   its cycles of {@code limitRefreshPeriod} from its construction, so its builder reads the clock
     *                   just before building it (microseconds early: a cycle's start is known to within them)
     */
    PermitBook(RateLimiter limiter, LongSupplier nanoTime, long cyclesFrom) {
        this.budget = limiter.getName();
        this.limiter = limiter;
        this.nanoTime = nanoTime;
        this.cyclesFrom = cyclesFrom;
    }

    RateLimiter limiter() {
        return limiter;
    }

    /**
     * Books the next free permit, however far ahead, up to the limiter's wait limit.
     *
     * @return nanoseconds until it is due (0: now), or -1 when none comes within the wait limit (nothing booked)
     */
    synchronized long book() {
        return limiter.reservePermission();
    }

    /**
     * Books the next free permit if it is due within {@code within} from now; otherwise books nothing.
     *
     * @return the permit, or empty when the next free permit comes later (the limiter's budget is spent until then)
     */
    synchronized Optional<Permit> bookWithin(Duration within) {
        if (nanosToNextPermit() > within.toNanos()) {
            return Optional.empty();
        }
        long wait = limiter.reservePermission();
        if (wait < 0) {
            return Optional.empty();
        }
        long due = nanoTime.getAsLong() + wait;
        return Optional.of(new Permit(budget, due, due + limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos()));
    }

    /**
     * How many permits are free by {@code within} from now: those of the current cycle left, plus those of every cycle
     * that starts within {@code within} not booked yet (a cycle's permits are booked ahead only once the current
     * cycle's are spent). Near a cycle's end both count: reading only the cycle's last one or two made a planner leave
     * them to older rooms though the next cycle's permits came within its step. A look, not a booking: the next
     * booking may take them.
     */
    synchronized int freeWithin(Duration within) {
        // The metrics first, the clock after: a cycle boundary between the two readings can then only under-count
        // (the other order would count the new cycle's permits twice). The current cycle's left count only if booked
        // before it ends (role-sync books within the same step). Not capped by the limiter's wait limit: callers ask
        // within their step, far below rateLimitWait.
        int available = limiter.getMetrics().getAvailablePermissions();
        long cycle = limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        long intoCycle = Math.floorMod(nanoTime.getAsLong() - cyclesFrom, cycle);
        long cyclesStarting = (intoCycle + within.toNanos()) / cycle;
        // available below 0 is minus the permits already booked in the cycles ahead.
        long free = Math.max(0, available) + cyclesStarting * limiter.getRateLimiterConfig().getLimitForPeriod()
                + Math.min(0, available);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, free));
    }

    /** Nanoseconds until the next free permit, behind every one booked (0: one is free now). */
    private long nanosToNextPermit() {
        if (limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics) {
            return metrics.getNanosToWait();
        }
        return limiter.getMetrics().getAvailablePermissions() > 0 ? 0 : Long.MAX_VALUE;
    }
}
