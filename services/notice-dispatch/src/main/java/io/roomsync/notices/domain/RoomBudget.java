package io.roomsync.notices.domain;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A budget of at most {@code perSecond} sends in any one-second window (a sliding window, not a bucket that may
 * spend two seconds' worth across a boundary). Notices share the 40 messages a second a live room carries with its
 * chat, so a room's budget is far below that.
 */
public final class RoomBudget {

    private final int perSecond;
    private final Deque<Long> sends = new ArrayDeque<>();

    public RoomBudget(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a budget allows at least one send a second");
        }
        this.perSecond = perSecond;
    }

    /** Spends one send at {@code nowMillis} if the last second has room for it. */
    public boolean tryTake(long nowMillis) {
        while (!sends.isEmpty() && sends.peekFirst() <= nowMillis - 1000) {
            sends.pollFirst();
        }
        if (sends.size() >= perSecond) {
            return false;
        }
        sends.addLast(nowMillis);
        return true;
    }

    /**
     * Whether no send of the last second is counted at {@code nowMillis}: the budget is then the same as a new one,
     * and can be dropped.
     */
    public boolean idle(long nowMillis) {
        return sends.isEmpty() || sends.peekLast() <= nowMillis - 1000;
    }
}
