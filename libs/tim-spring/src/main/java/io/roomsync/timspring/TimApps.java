package io.roomsync.timspring;

import io.roomsync.support.ImAppsProperties;
import io.roomsync.tim.TimApp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured IM apps as the Tencent client calls them. */
public final class TimApps {

    private final Map<Long, TimApp> apps = new LinkedHashMap<>();

    public TimApps(ImAppsProperties properties) {
        properties.requireSecretKeys();
        for (ImAppsProperties.App app : properties.apps()) {
            apps.put(app.sdkAppId(), new TimApp(app.sdkAppId(), app.domain(), app.adminIdentifier(), app.secretKey()));
        }
    }

    public Optional<TimApp> find(long sdkAppId) {
        return Optional.ofNullable(apps.get(sdkAppId));
    }

    public TimApp get(long sdkAppId) {
        return find(sdkAppId).orElseThrow(() -> new IllegalArgumentException("app " + sdkAppId + " is not configured"));
    }

    /** The first configured app: the default where an API does not name one. */
    public TimApp first() {
        return apps.values().iterator().next();
    }

    public Set<Long> ids() {
        return apps.keySet();
    }
}
