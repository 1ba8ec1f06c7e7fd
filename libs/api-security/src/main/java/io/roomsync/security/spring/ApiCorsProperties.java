package io.roomsync.security.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Which web pages may call a roomsync API from a browser ({@code roomsync.api.cors.*}; README, "Operator console").
 * A page of another origin (the operator console on its own port, the emulator's demo page) can only read an answer
 * when the API answers its CORS preflight and names its origin; by default no origin is named and the API sends no
 * CORS headers at all, so browsers keep other pages out. The dev profile allows the console's and the emulator's
 * local origins. Tokens travel in the {@code Authorization} header, never in cookies, so credentials stay off.
 *
 * @param allowedOrigins exact origins ({@code scheme://host:port}) allowed to call, e.g.
 *                       {@code https://console.example.com}; empty (the default) means no CORS
 *                       ({@code ROOMSYNC_API_CORS_ALLOWED_ORIGINS}, comma-separated)
 * @param maxAge         how long a browser may reuse a preflight's answer (default 30m)
 */
@ConfigurationProperties("roomsync.api.cors")
public record ApiCorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

    /** The methods roomsync's APIs serve. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE");
    /** What a page may send: the bearer token and a JSON body. */
    static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type");
    /** What a page may read beyond the simple headers: the challenge that says why a token was refused. */
    static final List<String> EXPOSED_HEADERS = List.of("WWW-Authenticate");

    public ApiCorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        for (String origin : allowedOrigins) {
            if (origin.equals("*") || origin.endsWith("/") || !origin.matches("https?://[^/?#*]+")) {
                throw new IllegalArgumentException("roomsync.api.cors.allowed-origins: '" + origin
                        + "' is not an origin (scheme://host[:port], no path, no wildcard)");
            }
        }
    }

    /** Whether any origin may call (else the service sends no CORS headers). */
    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    /** The CORS rules for every path of the service. */
    CorsConfiguration configuration() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(METHODS);
        cors.setAllowedHeaders(REQUEST_HEADERS);
        cors.setExposedHeaders(EXPOSED_HEADERS);
        cors.setAllowCredentials(false);
        cors.setMaxAge(maxAge);
        return cors;
    }
}
