package io.roomsync.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counters of Tencent's per-second limits, each a sliding window of one second: a call is admitted when fewer than
 * the limit were admitted in the second before it, wherever that second lies (the strictest reading of "N a second";
 * a counter per wall-clock second would let two seconds' worth through across a boundary). Keeps, per key, the most
 * calls admitted in any one second (the peak). Thread-safe; the clock is the caller's.
 */
final class RateWindows {

    private static final long WINDOW_MILLIS = 1000;
    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private final Map<String, Integer> peaks = new HashMap<>();

    /** Admits one call of {@code key} at {@code nowMillis} if the second before it holds fewer than {@code limit}. */
    synchronized boolean tryTake(String key, int limit, long nowMillis) {
        Deque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && window.peekFirst() <= nowMillis - WINDOW_MILLIS) {
            window.pollFirst();
        }
        if (window.size() >= limit) {
            return false;
        }
        window.addLast(nowMillis);
        peaks.merge(key, window.size(), Math::max);
        return true;
    }

    /** Takes back a call admitted at {@code atMillis} that was not carried out after all (refused for another reason). */
    synchronized void giveBack(String key, long atMillis) {
        Deque<Long> window = windows.get(key);
        if (window != null) {
            window.removeLastOccurrence(atMillis);
        }
    }

    /** The most calls admitted in any one second, per key. */
    synchronized Map<String, Integer> peaks() {
        return Map.copyOf(peaks);
    }
}
