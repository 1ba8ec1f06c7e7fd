package io.roomsync.ingest.domain;

import java.util.Locale;
import java.util.Map;

/**
 * OptPlatform as Tencent documents it (RESTAPI, Web, Android, iOS, Windows, macOS, iPad, Unknown). Tencent is not
 * consistent ({@code IOS} in State.StateChange, {@code Mac} in older pages): values are matched case-insensitively
 * and spelled the documented way; anything else is kept as sent.
 */
final class Platforms {

    private static final Map<String, String> CANONICAL = Map.of(
            "restapi", "RESTAPI", "web", "Web", "android", "Android", "ios", "iOS", "windows", "Windows",
            "macos", "macOS", "mac", "macOS", "ipad", "iPad", "unknown", "Unknown");

    private Platforms() {
    }

    static String normalise(String optPlatform) {
        if (optPlatform == null || optPlatform.isBlank()) {
            return null;
        }
        return CANONICAL.getOrDefault(optPlatform.trim().toLowerCase(Locale.ROOT), optPlatform);
    }
}
