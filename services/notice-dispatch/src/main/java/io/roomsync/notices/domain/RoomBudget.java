package io.roomsync.notices.domain;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A budget of at most {@code perSecond} messages in any one-second window (a sliding window, not a bucket that may
 * spend two seconds' worth across a boundary). Notices share the 40 messages a second a live room carries with its
 * chat, so a room's budget is far below that.
 *
 * <p>A message counts from when its call starts; once the call ended it counts from its end instead
 * ({@link #ended}), the latest moment Tencent can have delivered it. As a room has one call in flight at most, the
 * message {@code perSecond} places later starts at least a second after this one was delivered: no window of a second,
 * wherever it lies, holds more than {@code perSecond} of the room's deliveries, however long the calls took.
 */
public final class RoomBudget {

    private final int perSecond;
    private final Deque<Long> sends = new ArrayDeque<>();
    private long lastStartMillis = Long.MIN_VALUE;

    public RoomBudget(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a budget allows at least one send a second");
        }
        this.perSecond = perSecond;
    }

    /** Spends one send at {@code nowMillis} if the last second has room for it. */
    public boolean tryTake(long nowMillis) {
        if (!hasRoom(nowMillis)) {
            return false;
        }
        sends.addLast(nowMillis);
        lastStartMillis = nowMillis;
        return true;
    }

    /** Whether a send at {@code nowMillis} would be within the budget. */
    public boolean hasRoom(long nowMillis) {
        while (!sends.isEmpty() && sends.peekFirst() <= nowMillis - 1000) {
            sends.pollFirst();
        }
        return sends.size() < perSecond;
    }

    /** The newest send's call ended (was answered) at {@code nowMillis}: it counts from then on. */
    public void ended(long nowMillis) {
        if (!sends.isEmpty() && sends.peekLast() < nowMillis) {
            sends.pollLast();
            sends.addLast(nowMillis);
        }
    }

    /** Whether the newest send started at least {@code windowMillis} before {@code nowMillis} (or none did). */
    public boolean startedBefore(long nowMillis, long windowMillis) {
        return lastStartMillis == Long.MIN_VALUE || nowMillis - lastStartMillis >= windowMillis;
    }

    /**
     * Whether no send of the last second is counted at {@code nowMillis}: the budget is then the same as a new one,
     * and can be dropped.
     */
    public boolean idle(long nowMillis) {
        return sends.isEmpty() || sends.peekLast() <= nowMillis - 1000;
    }
}
