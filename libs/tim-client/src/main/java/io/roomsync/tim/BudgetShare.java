package io.roomsync.tim;

import java.time.Duration;

/**
 * How one replica paces its calls of one (app, API) so that all the replicas together stay within Tencent's limit for
 * it: {@code permits} calls per {@code slice}, as a resilience4j rate limiter gives them (a fixed cycle of one slice;
 * a permit may be used anywhere in its cycle). Pure arithmetic, no clock.
 *
 * <p>Tencent counts a limit per IM app and per second, shared by every caller of the app (REST API reference of each
 * command: 200 calls/s; group attributes: 5 writes/s, 10049 beyond). The rule, for {@code n} replicas each holding
 * one such share:
 * <ul>
 *   <li><b>Worst second.</b> A window of one second, wherever it lies, meets at most {@code ceil(1000 / slice) + 1}
 *       cycles of each replica, so all replicas together make at most {@code n * permits * (ceil(1000 / slice) + 1)}
 *       calls in it ({@link #worstSecond}). That must stay within the limit less a margin for the calls' travel
 *       time (a call permitted early in its cycle may arrive late): 5% of the limit, at least one call.</li>
 *   <li><b>Average.</b> The replicas together ask for at most 90% of the limit on average.</li>
 *   <li>Slices are at least 50 ms; among the paces that keep both rules (each number of permits a slice with its
 *       shortest slice) the fastest is taken, the fewest permits a slice on a tie (the smoothest).</li>
 * </ul>
 * A small limit cannot always be split that way: with slices of a second or more every replica may still make two
 * calls in one window (one at the end of a cycle, one at the start of the next), so {@code 2n} must fit the margin-less
 * cap. When it does not (attribute writes, 5/s, from 3 replicas on) the share is not {@link #strict}: each replica
 * gets one call every {@code ceil(2000 * n / cap)} ms (the app averages half the cap) and the worst second is
 * {@code 2n}; Tencent then may answer a burst with its rate-limit code, which the client retries.
 *
 * @param permits     calls per slice (at least 1)
 * @param slice       the limiter's cycle
 * @param worstSecond the most calls all {@code n} replicas together can make in any window of one second
 * @param strict      whether {@code worstSecond} is within the limit less its margin
 */
public record BudgetShare(int permits, Duration slice, int worstSecond, boolean strict) {

    /** The shortest slice: finer pacing would cost a wake-up per call for no gain. */
    static final int MIN_SLICE_MILLIS = 50;

    /**
     * The share of one of {@code replicas} replicas of Tencent's limit of {@code limitPerSecond} calls a second.
     *
     * @throws IllegalArgumentException when the limit or the replica count is below 1
     */
    public static BudgetShare of(int limitPerSecond, int replicas) {
        if (limitPerSecond < 1 || replicas < 1) {
            throw new IllegalArgumentException("a limit and a replica count of at least 1, got " + limitPerSecond
                    + "/s and " + replicas);
        }
        int cap = cap(limitPerSecond);
        double averagePerReplica = 0.9 * limitPerSecond / replicas;
        BudgetShare best = null;
        // p permits a slice: the slice long enough for the average and for the worst second; the fastest wins.
        for (int permits = 1; replicas * permits * 2 <= cap; permits++) {
            int cyclesAllowed = cap / (replicas * permits);
            long slice = Math.max(MIN_SLICE_MILLIS, Math.max((long) Math.ceil(1000 * permits / averagePerReplica),
                    (long) Math.ceil(1000.0 / (cyclesAllowed - 1))));
            BudgetShare share = new BudgetShare(permits, Duration.ofMillis(slice),
                    replicas * permits * cyclesInASecond(slice), true);
            if (best == null || share.perSecond() > best.perSecond()) {
                best = share;
            }
        }
        if (best != null) {
            return best;
        }
        long slice = Math.max(1000, (long) Math.ceil(2000.0 * replicas / cap));
        return new BudgetShare(1, Duration.ofMillis(slice), replicas * cyclesInASecond(slice), false);
    }

    /** The limit less the margin for travel time: 5% of it, at least one call (but never below one call). */
    static int cap(int limitPerSecond) {
        return Math.max(1, limitPerSecond - Math.max(1, limitPerSecond / 20));
    }

    /** The most cycles of {@code sliceMillis} a window of one second meets: {@code ceil(1000 / slice) + 1}. */
    static int cyclesInASecond(long sliceMillis) {
        return (int) ((1000 + sliceMillis - 1) / sliceMillis) + 1;
    }

    /** Calls a second this replica makes on average. */
    public double perSecond() {
        return permits * 1000.0 / slice.toMillis();
    }
}
