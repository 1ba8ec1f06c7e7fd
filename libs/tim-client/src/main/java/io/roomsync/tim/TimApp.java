package io.roomsync.tim;

import java.net.URI;
import java.util.Objects;

/**
 * One Tencent IM app as the client calls it.
 *
 * @param sdkAppId        the SDKAppID
 * @param domain          REST base of the app's data centre, e.g. {@code https://adminapisgp.im.qcloud.com}
 *                        (a wrong data centre answers 60026)
 * @param adminIdentifier the app admin account calls are made as
 * @param secretKey       signs the admin's UserSig
 */
public record TimApp(long sdkAppId, URI domain, String adminIdentifier, String secretKey) {

    public TimApp {
        if (sdkAppId <= 0) {
            throw new IllegalArgumentException("sdkAppId must be positive");
        }
        Objects.requireNonNull(domain, "domain");
        if (adminIdentifier == null || adminIdentifier.isBlank()) {
            throw new IllegalArgumentException("adminIdentifier is required");
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("secretKey of app " + sdkAppId + " is required");
        }
    }

    @Override
    public String toString() {
        return "TimApp[" + sdkAppId + " at " + domain + " as " + adminIdentifier + "]";
    }
}
