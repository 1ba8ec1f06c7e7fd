package io.roomsync.emulator;

import java.util.HashMap;
import java.util.Map;

/** Tencent's call-rate limits: per API and app per second (60007), and per app over all APIs (60011). */
final class ApiRate {

    private final int perApi;
    private final int perApp;
    private final Map<String, long[]> windows = new HashMap<>();

    ApiRate(int perApi, int perApp) {
        this.perApi = perApi;
        this.perApp = perApp;
    }

    synchronized void admit(long app, String api, long nowMillis) {
        if (perApp > 0 && !take(app + "", perApp, nowMillis)) {
            throw new TimError(60011, "SDKAppID request rate exceeded (" + perApp + "/s)");
        }
        if (!take(app + "/" + api, perApi, nowMillis)) {
            throw new TimError(60007, "REST API request rate exceeded (" + perApi + "/s for " + api + ")");
        }
    }

    private boolean take(String key, int limit, long nowMillis) {
        long second = nowMillis / 1000;
        long[] window = windows.computeIfAbsent(key, k -> new long[] {second, 0});
        if (window[0] != second) {
            window[0] = second;
            window[1] = 0;
        }
        if (window[1] >= limit) {
            return false;
        }
        window[1]++;
        return true;
    }
}
