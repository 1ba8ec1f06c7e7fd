package io.roomsync.security.spring;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * For a service's tests: every way a bearer token is refused on one route, with the exact status, body and
 * {@code WWW-Authenticate} (README, "Security"). Run against a MockMvc that has the service's security chain
 * (the dev profile's settings), for each route the service serves.
 */
public final class TokenMatrix {

    private TokenMatrix() {
    }

    /**
     * Given {@code request} (a new builder per call) to a route that needs {@code scope} and acts on IM app
     * {@code app}: no token, an expired one, one of another issuer, one for another audience, an ID token, one typed as
     * another kind of token and one not signed by the trusted key are 401; one without the scope and one limited to another app are 403.
     */
    public static void assertRefusals(MockMvc api, Supplier<MockHttpServletRequestBuilder> request, String scope, long app)
            throws Exception {
        api.perform(request.get())
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().json("{\"error\":\"unauthorized: a bearer token is required\"}", true));

        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        invalid(api, request, DevTokens.token().scopes(ApiScope.ALL).issuedAt(twoHoursAgo).ttl(Duration.ofHours(1)).mint(),
                TokenValidators.EXPIRED);
        invalid(api, request, DevTokens.token().scopes(ApiScope.ALL).issuer("https://someone-else.example").mint(),
                TokenValidators.WRONG_ISSUER);
        invalid(api, request, DevTokens.token().scopes(ApiScope.ALL).audience("another-api").mint(),
                TokenValidators.WRONG_AUDIENCE);
        // An ID token as Keycloak-style providers mark it (typ claim ID), and a token typed as no access token is
        invalid(api, request, DevTokens.token().scopes(ApiScope.ALL).type("JWT", "ID").mint(), TokenValidators.NOT_AN_ACCESS_TOKEN);
        invalid(api, request, DevTokens.token().scopes(ApiScope.ALL).type("logout+jwt", null).mint(),
                TokenValidators.NOT_AN_ACCESS_TOKEN);
        String token = DevTokens.token().scopes(ApiScope.ALL).mint();
        invalid(api, request, token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl", AuthenticationErrors.BAD_TOKEN);

        List<String> others = ApiScope.ALL.stream().filter(other -> !other.equals(scope)).toList();
        String reason = "the token lacks the scope " + scope;
        api.perform(request.get().header("Authorization", "Bearer " + DevTokens.token().scopes(others).mint()))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"" + reason + "\", scope=\"" + scope + "\""))
                .andExpect(content().json("{\"error\":\"forbidden: " + reason + "\"}", true));

        String otherApp = "the token may not act on app " + app;
        api.perform(request.get().header("Authorization", "Bearer "
                        + DevTokens.token().scopes(scope).apps(List.of(app + 1)).mint()))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"" + otherApp + "\""))
                .andExpect(content().json("{\"error\":\"forbidden: " + otherApp + "\"}", true));
    }

    private static void invalid(MockMvc api, Supplier<MockHttpServletRequestBuilder> request, String token, String reason)
            throws Exception {
        api.perform(request.get().header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate",
                        "Bearer error=\"invalid_token\", error_description=\"" + reason + "\""))
                .andExpect(content().json("{\"error\":\"unauthorized: " + reason + "\"}", true));
    }
}
