package io.roomsync.security.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which bearer tokens a roomsync API trusts ({@code roomsync.security.*}; README, "Security"). Outside the dev
 * profile there are no defaults: {@code issuer-uri}, {@code audience} and one of {@code jwk-set-uri} or
 * {@code public-key} must be set, or the service refuses to start ({@link #requireComplete}).
 *
 * @param issuerUri the issuer ({@code iss}) every token must carry, exactly ({@code ROOMSYNC_AUTH_ISSUER_URI})
 * @param jwkSetUri where the issuer publishes its signing keys (JWK set), fetched and cached by the resource server
 *                  ({@code ROOMSYNC_AUTH_JWK_SET_URI})
 * @param publicKey one RSA public key as a JWK (JSON), instead of a JWK set; the dev profile trusts the development
 *                  key this way ({@code ROOMSYNC_AUTH_PUBLIC_KEY})
 * @param audience  the audience ({@code aud}) a token must name ({@code ROOMSYNC_AUTH_AUDIENCE})
 * @param clockSkew how far the issuer's clock may be from ours when {@code exp} and {@code nbf} are checked (default 60s)
 */
@ConfigurationProperties("roomsync.security")
public record ApiSecurityProperties(String issuerUri, String jwkSetUri, String publicKey, String audience,
                                    @DefaultValue("60s") Duration clockSkew) {

    /**
     * Fails start-up, naming every missing setting and its environment variable, unless the token settings are
     * complete. Called outside the dev profile; the dev profile's defaults are complete.
     *
     * @throws IllegalStateException when a setting is missing
     */
    public void requireComplete() {
        List<String> missing = new ArrayList<>();
        if (blank(issuerUri)) {
            missing.add("roomsync.security.issuer-uri (ROOMSYNC_AUTH_ISSUER_URI)");
        }
        if (blank(audience)) {
            missing.add("roomsync.security.audience (ROOMSYNC_AUTH_AUDIENCE)");
        }
        if (blank(jwkSetUri) && blank(publicKey)) {
            missing.add("roomsync.security.jwk-set-uri (ROOMSYNC_AUTH_JWK_SET_URI) or roomsync.security.public-key");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the API cannot check bearer tokens: " + String.join(", ", missing)
                    + " not set; they have no default outside the dev profile");
        }
    }

    boolean hasJwkSetUri() {
        return !blank(jwkSetUri);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
