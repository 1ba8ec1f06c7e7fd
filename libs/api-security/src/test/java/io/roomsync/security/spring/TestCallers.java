package io.roomsync.security.spring;

import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import java.time.Instant;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * For controller tests without the security chain (standalone MockMvc): the current thread acts as a verified
 * caller, as the chain would have set it. {@link #signOut()} after each test.
 */
public final class TestCallers {

    private TestCallers() {
    }

    /** The thread acts as {@link DevTokens#DEFAULT_SUBJECT} with every scope, for every app. */
    public static void signIn() {
        signIn(DevTokens.DEFAULT_SUBJECT);
    }

    /** The thread acts as {@code subject} with every scope, for every app. */
    public static void signIn(String subject) {
        Jwt jwt = Jwt.withTokenValue("test").header("alg", "RS256").subject(subject)
                .claim("scope", String.join(" ", ApiScope.ALL)).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600)).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt,
                ApiScope.ALL.stream().map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList()));
    }

    public static void signOut() {
        SecurityContextHolder.clearContext();
    }
}
