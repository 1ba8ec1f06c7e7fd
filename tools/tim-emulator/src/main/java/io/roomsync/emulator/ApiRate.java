package io.roomsync.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Tencent's call-rate limits, app-wide (every caller of the app together, whatever process or address it calls
 * from): per API and app (60007), and per app over all APIs (60011, when set), each in any one second
 * ({@link RateWindows}).
 */
final class ApiRate {

    private final int perApi;
    private final int perApp;
    private final RateWindows windows = new RateWindows();

    ApiRate(int perApi, int perApp) {
        this.perApi = perApi;
        this.perApp = perApp;
    }

    void admit(long app, String api, long nowMillis) {
        if (perApp > 0 && !windows.tryTake(Long.toString(app), perApp, nowMillis)) {
            throw new TimError(60011, "SDKAppID request rate exceeded (" + perApp + "/s)");
        }
        if (!windows.tryTake(app + "/" + api, perApi, nowMillis)) {
            if (perApp > 0) {
                windows.giveBack(Long.toString(app), nowMillis);
            }
            throw new TimError(60007, "REST API request rate exceeded (" + perApi + "/s for " + api + ")");
        }
    }

    /** The most calls of each API admitted in any one second, over all apps: {@code command -> calls}. */
    Map<String, Integer> peaks() {
        Map<String, Integer> byApi = new HashMap<>();
        windows.peaks().forEach((key, peak) -> {
            int slash = key.indexOf('/');
            if (slash >= 0) {
                byApi.merge(key.substring(slash + 1), peak, Math::max);
            }
        });
        return byApi;
    }
}
