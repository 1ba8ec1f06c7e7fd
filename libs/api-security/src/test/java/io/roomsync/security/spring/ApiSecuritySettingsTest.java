package io.roomsync.security.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.security.DevTokens;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jwt.Jwt;

/** The token settings: none outside the dev profile (start refused), the dev profile's key is DevTokens'; the caller. */
class ApiSecuritySettingsTest {

    @Test
    void withoutSettingsTheServiceRefusesToStartNamingEveryMissingOne() {
        // Given no issuer, audience or keys (production without configuration)
        ApiSecurityProperties none = new ApiSecurityProperties("", "", "", "", Duration.ofSeconds(60));

        // When checked, Then start-up fails naming each setting and its environment variable
        assertThatThrownBy(none::requireComplete).isInstanceOf(IllegalStateException.class).hasMessage(
                "the API cannot check bearer tokens: roomsync.security.issuer-uri (ROOMSYNC_AUTH_ISSUER_URI),"
                        + " roomsync.security.audience (ROOMSYNC_AUTH_AUDIENCE), roomsync.security.jwk-set-uri"
                        + " (ROOMSYNC_AUTH_JWK_SET_URI) or roomsync.security.public-key not set; they have no default"
                        + " outside the dev profile");
    }

    @Test
    void theDevProfileTrustsTheDevelopmentKeyDevTokensSignsWith() throws IOException {
        // Given the dev profile's defaults (libs/service-support), When read, Then they are complete and name DevTokens' key
        ApiSecurityProperties dev = bind("roomsync-defaults-dev.yml");
        dev.requireComplete();
        assertThat(dev.issuerUri()).isEqualTo(DevTokens.ISSUER);
        assertThat(dev.audience()).isEqualTo(DevTokens.AUDIENCE);
        assertThat(dev.publicKey()).isEqualTo(DevTokens.publicKeyJson());
    }

    @Test
    void theShippedDefaultsHaveNoTokenSettings() throws IOException {
        assertThatThrownBy(bind("roomsync-defaults.yml")::requireComplete).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRequesterIsTheSubjectAndTheClientWhenItIsAnother() {
        assertThat(caller(jwt().subject("alice").claim("client_id", "ops-console")).requester()).isEqualTo("alice via ops-console");
        assertThat(caller(jwt().subject("svc-a").claim("client_id", "svc-a")).requester()).isEqualTo("svc-a");
        assertThat(caller(jwt().subject("alice")).requester()).isEqualTo("alice");
    }

    @Test
    void theAppsClaimLimitsTheTokenAndAMalformedOneAllowsNoApp() {
        assertThat(caller(jwt()).apps()).isNull();
        assertThat(caller(jwt().claim("roomsync_apps", List.of(1400000000L, "1400000001"))).apps())
                .isEqualTo(Set.of(1400000000L, 1400000001L));
        Caller malformed = caller(jwt().claim("roomsync_apps", "1400000000"));
        assertThat(malformed.mayActOn(1400000000L)).isFalse();
        assertThatThrownBy(() -> malformed.requireApp(1400000000L)).isInstanceOf(AppNotAllowed.class)
                .hasMessage("the token may not act on app 1400000000");
    }

    @Test
    void anAppsClaimPresentButNullAllowsNoAppOnlyAnAbsentOneAllowsEvery() {
        Caller nullApps = caller(jwt().claims(claims -> claims.put("roomsync_apps", null)));
        assertThat(nullApps.apps()).isEmpty();
        assertThat(nullApps.mayActOn(1400000000L)).isFalse();
    }

    private static Jwt.Builder jwt() {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("dev-operator").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
    }

    private static Caller caller(Jwt.Builder jwt) {
        return Caller.of(jwt.build());
    }

    private static ApiSecurityProperties bind(String resource) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return new Binder(ConfigurationPropertySources.get(environment), new org.springframework.boot.context.properties
                .bind.PropertySourcesPlaceholdersResolver(environment))
                .bindOrCreate("roomsync.security", ApiSecurityProperties.class);
    }
}
