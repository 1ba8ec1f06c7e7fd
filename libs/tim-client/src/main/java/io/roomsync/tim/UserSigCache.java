package io.roomsync.tim;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin UserSig of each app, reused until a fifth of its validity is left, then renewed; renewed at once when
 * Tencent says it expired (70001).
 */
final class UserSigCache {

    private record Signed(String userSig, long renewAt) {
    }

    private final Duration validity;
    private final Clock clock;
    /** Keyed by the whole app (id, domain, admin, key): a changed key or admin must never reuse an old signature. */
    private final Map<TimApp, Signed> byApp = new ConcurrentHashMap<>();

    UserSigCache(Duration validity, Clock clock) {
        this.validity = validity;
        this.clock = clock;
    }

    String get(TimApp app) {
        long now = clock.instant().getEpochSecond();
        Signed signed = byApp.get(app);
        if (signed == null || now >= signed.renewAt()) {
            long seconds = validity.toSeconds();
            signed = new Signed(UserSig.generate(app.sdkAppId(), app.secretKey(), app.adminIdentifier(), seconds, now),
                    now + seconds * 4 / 5);
            byApp.put(app, signed);
        }
        return signed.userSig();
    }

    void invalidate(TimApp app) {
        byApp.remove(app);
    }
}
