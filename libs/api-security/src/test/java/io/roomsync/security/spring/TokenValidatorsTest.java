package io.roomsync.security.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

/** Which tokens count as access tokens (RFC 9068, and the typ claim Keycloak-style providers write). */
class TokenValidatorsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
    private static final TokenValidators VALIDATORS = new TokenValidators("https://id.example", "roomsync", Duration.ofSeconds(30),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Jwt token(String headerType, String typeClaim) {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").issuer("https://id.example")
                .audience(List.of("roomsync")).subject("alice").issuedAt(NOW).expiresAt(NOW.plusSeconds(300));
        if (headerType != null) {
            token.header("typ", headerType);
        }
        if (typeClaim != null) {
            token.claim("typ", typeClaim);
        }
        return token.build();
    }

    @ParameterizedTest(name = "typ header {0}, typ claim {1}")
    @CsvSource(nullValues = "-", value = {"at+jwt,-", "application/at+jwt,-", "AT+JWT,-", "JWT,-", "jwt,Bearer", "-,-", "-,bearer"})
    void accessTokensAreAccepted(String headerType, String typeClaim) {
        // Given a token an issuer marked as an access token (or did not mark), When it is validated, Then it passes
        assertThat(VALIDATORS.validate(token(headerType, typeClaim)).hasErrors()).isFalse();
    }

    @ParameterizedTest(name = "typ header {0}, typ claim {1}")
    @CsvSource(nullValues = "-", value = {"JWT,ID", "-,Refresh", "id+jwt,-", "logout+jwt,-", "secevent+jwt,-", "dpop+jwt,-",
            "at+jwt,ID"})
    void tokensMarkedAsAnotherKindAreRefusedWithTheirOwnSentence(String headerType, String typeClaim) {
        // Given an ID token, a refresh token, a logout or event token or a DPoP proof, When it is validated
        List<OAuth2Error> errors = List.copyOf(VALIDATORS.validate(token(headerType, typeClaim)).getErrors());

        // Then it is refused as not an access token, whatever else it says
        assertThat(errors).extracting(OAuth2Error::getDescription).containsExactly("the token is not an access token");
    }

    @Test
    void theTypeIsJudgedBeforeTheOtherClaims() {
        // Given an expired ID token, Then the refusal says what it is, not that it expired
        Jwt expiredIdToken = Jwt.withTokenValue("t").header("alg", "RS256").claim("typ", "ID").issuer("https://id.example")
                .audience(List.of("roomsync")).issuedAt(NOW.minusSeconds(900)).expiresAt(NOW.minusSeconds(600)).build();
        assertThat(VALIDATORS.validate(expiredIdToken).getErrors()).extracting(OAuth2Error::getDescription)
                .containsExactly(TokenValidators.NOT_AN_ACCESS_TOKEN);
    }
}
