package io.roomsync.security.spring;

import io.roomsync.security.TokenClaims;
import io.roomsync.support.http.BadRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongPredicate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls an API, from the request's verified bearer token: its subject ({@code sub}), the client it was issued
 * to ({@code client_id}, optional) and the IM apps it may act on ({@link TokenClaims#APPS}; absent: every app).
 * The requester recorded on commands and policies comes from here, never from a request header or body.
 *
 * @param subject  the token's {@code sub}
 * @param clientId the token's {@code client_id}, or null
 * @param apps     the SdkAppids the token is limited to, or null when it is not limited
 */
public record Caller(String subject, String clientId, Set<Long> apps) {

    /**
     * The requester to record: the subject, and the client when it is another (say {@code alice via ops-console}).
     */
    public String requester() {
        return clientId == null || clientId.isBlank() || clientId.equals(subject) ? subject : subject + " via " + clientId;
    }

    /** Whether the token may act on IM app {@code sdkAppId}. */
    public boolean mayActOn(long sdkAppId) {
        return apps == null || apps.contains(sdkAppId);
    }

    /**
     * Refuses (403) unless the token may act on {@code sdkAppId}.
     *
     * @throws AppNotAllowed when it may not
     */
    public void requireApp(long sdkAppId) {
        if (!mayActOn(sdkAppId)) {
            throw new AppNotAllowed(sdkAppId);
        }
    }

    /**
     * The IM app a request acts on: {@code asked}, or {@code byDefault} when it named none. Refused with 403 when the
     * token may not act on it, then with 400 when this service does not serve it, in that order, so a token limited to
     * some apps learns nothing of which other apps are served.
     *
     * @param asked     the request's {@code app} parameter, or null
     * @param byDefault the SdkAppid used when none is asked for (the service's first served app)
     * @param served    whether this service serves an SdkAppid
     * @return the SdkAppid to act on
     * @throws AppNotAllowed when the token may not act on it (403)
     * @throws BadRequest    when it is asked for and not served here (400 "app N is not served here")
     */
    public long requireServedApp(Long asked, long byDefault, LongPredicate served) {
        long sdkAppId = asked == null ? byDefault : asked;
        requireApp(sdkAppId);
        if (asked != null && !served.test(asked)) {
            throw new BadRequest("app " + asked + " is not served here");
        }
        return sdkAppId;
    }

    /**
     * The caller of the current request.
     *
     * @throws IllegalStateException when the request carries no verified token (a route that needs none)
     */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return of(jwt);
        }
        throw new IllegalStateException("no verified bearer token on this request");
    }

    /**
     * The caller a verified token describes. Only an absent apps claim means every app; a present one that is null or
     * malformed limits the token to no app (fail closed: an identity provider's mapper that writes null for a user
     * without apps must not grant all).
     */
    public static Caller of(Jwt jwt) {
        Set<Long> apps = jwt.getClaims().containsKey(TokenClaims.APPS) ? apps(jwt.getClaims().get(TokenClaims.APPS)) : null;
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(TokenClaims.CLIENT_ID), apps);
    }

    private static Set<Long> apps(Object claim) {
        Set<Long> apps = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof Number number && number.doubleValue() == number.longValue()) {
                    apps.add(number.longValue());
                } else if (value instanceof String text && text.matches("[0-9]{1,18}")) {
                    apps.add(Long.parseLong(text));
                }
            }
        }
        return Set.copyOf(apps);
    }
}
