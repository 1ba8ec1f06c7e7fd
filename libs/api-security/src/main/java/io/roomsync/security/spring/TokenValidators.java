package io.roomsync.security.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a signed token must say to be accepted (RFC 9068 / RFC 7519): an access token ({@link #isAccessToken}),
 * unexpired ({@code exp} required), valid already ({@code nbf}), from the configured issuer ({@code iss}) and for the
 * configured audience ({@code aud}). Each refusal has a fixed sentence, the one the 401 body and its
 * {@code WWW-Authenticate} carry.
 */
public final class TokenValidators implements OAuth2TokenValidator<Jwt> {

    public static final String EXPIRED = "the token has expired";
    public static final String NOT_YET_VALID = "the token is not valid yet";
    public static final String WRONG_ISSUER = "the token's issuer is not trusted here";
    public static final String WRONG_AUDIENCE = "the token is not meant for this API (audience)";
    public static final String NOT_AN_ACCESS_TOKEN = "the token is not an access token";

    /**
     * The JOSE header {@code typ} values of an access token: RFC 9068's {@code at+jwt} (also as the media type
     * {@code application/at+jwt}), and the generic {@code JWT} most identity providers put on access tokens; compared
     * without case (RFC 7515, 4.1.9). No {@code typ} is accepted too.
     */
    static final java.util.Set<String> ACCESS_TOKEN_TYPES = java.util.Set.of("at+jwt", "application/at+jwt", "jwt",
            "application/jwt");

    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;

    public TokenValidators(String issuer, String audience, Duration clockSkew, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (!isAccessToken(token)) {
            return refused(NOT_AN_ACCESS_TOKEN);
        }
        Instant now = clock.instant();
        if (token.getExpiresAt() == null || now.minus(clockSkew).isAfter(token.getExpiresAt())) {
            return refused(EXPIRED);
        }
        if (token.getNotBefore() != null && now.plus(clockSkew).isBefore(token.getNotBefore())) {
            return refused(NOT_YET_VALID);
        }
        if (!issuer.equals(token.getClaimAsString("iss"))) {
            return refused(WRONG_ISSUER);
        }
        List<String> audiences = token.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            return refused(WRONG_AUDIENCE);
        }
        return OAuth2TokenValidatorResult.success();
    }

    /**
     * Whether the token is an access token where its issuer marks what a token is: its header's {@code typ} is absent
     * or one of {@link #ACCESS_TOKEN_TYPES} (an ID token typed {@code id+jwt}, a logout or event token, a DPoP proof
     * are refused), and its {@code typ} claim, which Keycloak-style providers write ({@code Bearer} on access tokens,
     * {@code ID} on ID tokens, {@code Refresh}), is absent or {@code Bearer}. A provider that marks nothing cannot be
     * told apart here: give its ID tokens another audience than roomsync's (README, "Security").
     */
    static boolean isAccessToken(Jwt token) {
        Object type = token.getHeaders().get("typ");
        if (type != null && !ACCESS_TOKEN_TYPES.contains(type.toString().toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        Object kind = token.getClaims().get("typ");
        return kind == null || "bearer".equalsIgnoreCase(kind.toString());
    }

    /** Whether {@code description} is one of this class's refusals (not a library's text, which may echo the token). */
    static boolean isOwnSentence(String description) {
        return EXPIRED.equals(description) || NOT_YET_VALID.equals(description) || WRONG_ISSUER.equals(description)
                || WRONG_AUDIENCE.equals(description) || NOT_AN_ACCESS_TOKEN.equals(description);
    }

    private static OAuth2TokenValidatorResult refused(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
