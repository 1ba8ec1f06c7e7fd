package io.roomsync.security.spring;

import org.springframework.security.access.AccessDeniedException;

/** The token is limited to other IM apps ({@link io.roomsync.security.TokenClaims#APPS}): answered 403. */
public class AppNotAllowed extends AccessDeniedException {

    public AppNotAllowed(long sdkAppId) {
        super("the token may not act on app " + sdkAppId);
    }
}
