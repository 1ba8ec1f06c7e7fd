package io.roomsync.emulator;

/**
 * A live room's message frequency control: at most {@code limit} messages a second. Tencent keeps higher priorities
 * first under the limit; the emulator models that with one budget per second for Normal and Low messages together and
 * a separate one for High messages, so a flood of chat never pushes out a High message, while High messages alone are
 * held to the same limit. Dropped messages are not delivered, and their sender is still told success.
 */
final class RoomRate {

    private final int limit;
    private long second = -1;
    private int ordinary;
    private int high;

    RoomRate(int limit) {
        this.limit = limit;
    }

    /** Whether a message of this priority, sent at {@code nowMillis}, is delivered. */
    synchronized boolean admit(String priority, long nowMillis) {
        long current = nowMillis / 1000;
        if (current != second) {
            second = current;
            ordinary = 0;
            high = 0;
        }
        if ("High".equals(priority)) {
            if (high >= limit) {
                return false;
            }
            high++;
            return true;
        }
        if (ordinary >= limit) {
            return false;
        }
        ordinary++;
        return true;
    }
}
