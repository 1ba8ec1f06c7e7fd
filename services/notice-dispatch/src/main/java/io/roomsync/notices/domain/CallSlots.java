package io.roomsync.notices.domain;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Tencent calls notice-dispatch may have in flight at once in its process, over every room and every stream task
 * ({@code max-in-flight}). A call takes a slot when it starts (on a stream thread) and gives it back when Tencent
 * answered (on the client's thread), so the count is of calls really out, also those of a task closed meanwhile.
 * A room that finds no slot free keeps waiting, and keeps coalescing, until a later tick. Thread-safe.
 */
public final class CallSlots {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    /** @param max calls in flight at most (at least 1) */
    public CallSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one call must be allowed in flight");
        }
        this.max = max;
    }

    /** Takes a slot if one is free. */
    public boolean tryAcquire() {
        while (true) {
            int now = used.get();
            if (now >= max) {
                return false;
            }
            if (used.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryAcquire()}. */
    public void release() {
        used.decrementAndGet();
    }

    /** Whether a slot is free now (a hint: another thread may take it first). */
    public boolean available() {
        return used.get() < max;
    }

    /** Calls in flight now. */
    public int inFlight() {
        return used.get();
    }
}
