package io.roomsync.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When Tencent accepted each room's messages, to find the busiest one-second window of any room: the check of
 * notice-dispatch's room budget ({@code roomsync.notices.room-rate-per-second}, 5 by default) as Tencent's clock sees
 * it. A window is any span of 1,000 ms wherever it lies, [t, t + 1000), not a calendar second. Thread-safe for
 * {@link #record}; read {@link #busiest} once recording stopped.
 */
final class RoomSeconds {

    private final Map<String, List<Long>> accepted = new ConcurrentHashMap<>();

    /** A message of {@code room} accepted at {@code epochMillis} (Tencent's EventTime of its After-send callback). */
    void record(String room, long epochMillis) {
        List<Long> times = accepted.computeIfAbsent(room, r -> new ArrayList<>());
        synchronized (times) {
            times.add(epochMillis);
        }
    }

    /** The most messages any one room had accepted within any 1,000 ms; 0 when none was recorded. */
    int busiest() {
        int busiest = 0;
        for (List<Long> times : accepted.values()) {
            long[] sorted;
            synchronized (times) {
                sorted = times.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(sorted);
            int first = 0;
            for (int last = 0; last < sorted.length; last++) {
                while (sorted[last] - sorted[first] >= 1000) {
                    first++;
                }
                busiest = Math.max(busiest, last - first + 1);
            }
        }
        return busiest;
    }

    /** Forgets every room's messages (between rounds). */
    void clear() {
        accepted.clear();
    }
}
