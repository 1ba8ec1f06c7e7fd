package io.roomsync.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Development bearer tokens, signed with the development key kept in this repository
 * ({@code io/roomsync/security/dev-signing-key.jwk.json}, RS256, key id {@code roomsync-dev-1}). Only services
 * running the {@code dev} profile trust that key: it is public, so a token from here is worthless in production.
 * {@code bin/roomsync token}, the scenario, the bench, the fuzz suite and the tests all mint their tokens here.
 *
 * <pre>
 * String token = DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).subject("alice").mint();
 * </pre>
 */
public final class DevTokens {

    /** The issuer ({@code iss}) the dev profile trusts. */
    public static final String ISSUER = "roomsync-dev";
    /** The audience ({@code aud}) the dev profile requires. */
    public static final String AUDIENCE = "roomsync";
    /** The subject of a token minted without one. */
    public static final String DEFAULT_SUBJECT = "dev-operator";
    /** The JOSE header {@code typ} of the tokens minted here: an access token as RFC 9068 marks one. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /** The lifetime of a token minted without one. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String KEY_RESOURCE = "dev-signing-key.jwk.json";
    private static final RSAKey KEY = loadKey();

    private DevTokens() {
    }

    /** A token to describe: by default issuer {@link #ISSUER}, audience {@link #AUDIENCE}, no scope, every app. */
    public static Token token() {
        return new Token();
    }

    /** A token with every scope of {@link ApiScope#ALL}, for every app: what the tools and the tests use. */
    public static String allScopes() {
        return token().scopes(ApiScope.ALL).mint();
    }

    private static String cached;
    private static Instant cachedUntil = Instant.MIN;

    /**
     * The {@code Authorization} header value ({@code Bearer <token>}) of an all-scopes token ({@link #allScopes}),
     * minted once and again when half its lifetime has passed: what every tool and test sends to the APIs.
     */
    public static synchronized String authorization() {
        Instant now = Instant.now();
        if (now.isAfter(cachedUntil)) {
            cached = "Bearer " + token().scopes(ApiScope.ALL).issuedAt(now).mint();
            cachedUntil = now.plus(DEFAULT_TTL.dividedBy(2));
        }
        return cached;
    }

    /** The public half of the development key as a JWK (JSON): what the dev profile trusts. */
    public static String publicKeyJson() {
        return KEY.toPublicJWK().toJSONString();
    }

    /** What a token will say; {@link #mint()} signs it. Not thread-safe; each call of {@link #token()} is new. */
    public static final class Token {
        private final List<String> scopes = new ArrayList<>();
        private List<Long> apps;
        private String subject = DEFAULT_SUBJECT;
        private String clientId;
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant issuedAt;
        private Duration ttl = DEFAULT_TTL;
        private String type = ACCESS_TOKEN_TYPE;
        private String typeClaim;

        private Token() {
        }

        /** Adds scopes (ApiScope's names). */
        public Token scopes(String... names) {
            return scopes(List.of(names));
        }

        /** Adds scopes (ApiScope's names). */
        public Token scopes(List<String> names) {
            scopes.addAll(names);
            return this;
        }

        /** Limits the token to these IM apps (claim {@link TokenClaims#APPS}); never called: every app. */
        public Token apps(List<Long> sdkAppIds) {
            this.apps = List.copyOf(sdkAppIds);
            return this;
        }

        /** The subject ({@code sub}): who acts; recorded as the requester. */
        public Token subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The client ({@code client_id}) the token was issued to; none by default. */
        public Token clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Another issuer than {@link #ISSUER} (for tests of a token the service must refuse). */
        public Token issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Another audience than {@link #AUDIENCE} (for tests of a token the service must refuse). */
        public Token audience(String audience) {
            this.audience = audience;
            return this;
        }

        /**
         * Another JOSE header {@code typ} than RFC 9068's {@value #ACCESS_TOKEN_TYPE} (null: none), and a {@code typ}
         * claim as Keycloak-style providers write it (null, the default: none); for tests of tokens that are or are not
         * access tokens.
         */
        public Token type(String headerType, String claim) {
            this.type = headerType;
            this.typeClaim = claim;
            return this;
        }

        /** When it was issued (default: now); with {@link #ttl} it says when it expires. */
        public Token issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** How long it is valid from its issue (default {@link #DEFAULT_TTL}). */
        public Token ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** The signed token (compact JWS), RS256 with the development key. */
        public String mint() {
            Instant issued = issuedAt == null ? Instant.now() : issuedAt;
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                    .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                    .expirationTime(Date.from(issued.plus(ttl))).jwtID(UUID.randomUUID().toString())
                    .claim(TokenClaims.SCOPE, String.join(" ", scopes));
            if (clientId != null) {
                claims.claim(TokenClaims.CLIENT_ID, clientId);
            }
            if (apps != null) {
                claims.claim(TokenClaims.APPS, apps);
            }
            if (typeClaim != null) {
                claims.claim("typ", typeClaim);
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID())
                    .type(type == null ? null : new JOSEObjectType(type)).build(), claims.build());
            try {
                jwt.sign(new RSASSASigner(KEY));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign a development token", e);
            }
            return jwt.serialize();
        }
    }

    private static RSAKey loadKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the development signing key " + KEY_RESOURCE + " is missing");
            }
            return RSAKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("the development signing key is not an RSA JWK", e);
        }
    }
}
