package io.roomsync.tim;

/**
 * A rate-limiter permit booked ahead for one call of one app's API ({@link TimClient#bookPermit}). A caller that
 * decides now which calls to make books their permits as it decides: the booking is one step with every other booking
 * of that (app, API) in the process, so two callers deciding at the same moment never count on the same permit, and a
 * call made with its permit ({@link TimClient#muteAsync(TimApp, String, java.util.Collection, long, Permit)} and the
 * other command methods) waits in the limiter no longer than until the permit is due (at most the {@code within} it
 * was booked for).
 *
 * <p>A permit serves its call's first request only: the call's further batches and retries book their own as they
 * come. A permit never used is not handed back (resilience4j's limiter cannot take a booking back): it lapses, and
 * one call's worth of its cycle's budget goes unused. A call made with a permit more than one limiter cycle after it
 * was due books a new one instead: sent that late it would count in a later cycle than the one it was booked in.
 */
public final class Permit {

    private final String budget;
    private final long dueNanos;
    private final long lapsesNanos;

    /**
     * @param budget      the (app, API) it was booked on: {@code sdkAppId.command}
     * @param dueNanos    when the limiter lets it go ({@link System#nanoTime()} scale)
     * @param lapsesNanos from when it is no longer used (one limiter cycle after it was due)
     */
    Permit(String budget, long dueNanos, long lapsesNanos) {
        this.budget = budget;
        this.dueNanos = dueNanos;
        this.lapsesNanos = lapsesNanos;
    }

    /** The (app, API) it was booked on: {@code sdkAppId.command}, as the limiter's name. */
    String budget() {
        return budget;
    }

    /**
     * How long a request made at {@code nowNanos} waits for this permit: 0 when it is due, the nanoseconds until then
     * otherwise, -1 when it has lapsed (the request books a new permit).
     */
    long waitAt(long nowNanos) {
        if (nowNanos - lapsesNanos >= 0) {
            return -1;
        }
        return Math.max(0, dueNanos - nowNanos);
    }

    @Override
    public String toString() {
        return "Permit[" + budget + "]";
    }
}
