package io.roomsync.security.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.support.http.RoomsyncHttpAutoConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CORS on the APIs (roomsync.api.cors.allowed-origins): a browser page of an allowed origin gets its preflight answered
 * without a token and can read answers, refusals included; another origin is refused; with no origin set (the
 * default) the API sends no CORS header at all.
 */
class ApiCorsTest {

    static final String CONSOLE = "http://127.0.0.1:8070";
    static final String ROOM = "/v1/rooms/live_1";

    /** One route needing members:read, in front of the real security chain. */
    @RestController
    static class RoomApi {
        @GetMapping(ROOM)
        String room() {
            return "{\"room\":\"live_1\"}";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(RoomApi.class)
    static class Slice {
        @Bean
        static ApiRoutes routes() {
            return ApiRoutes.api().route(HttpMethod.GET, ROOM, ApiScope.MEMBERS_READ).build();
        }
    }

    @Nested
    @WebMvcTest(controllers = RoomApi.class)
    @ImportAutoConfiguration({RoomsyncHttpAutoConfiguration.class, SecurityAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
    @ContextConfiguration(classes = Slice.class)
    @ActiveProfiles("dev")
    @TestPropertySource(properties = "roomsync.api.cors.allowed-origins=" + CONSOLE + ",http://127.0.0.1:8090")
    class WithAllowedOrigins {

        @Autowired
        MockMvc api;

        @Test
        void aPreflightOfAnAllowedOriginIsAnsweredWithoutAToken() throws Exception {
            // Given the console's origin asking whether it may GET with an Authorization header, When preflighted
            // (no token: browsers never send one), Then 200 naming the origin, the methods, headers and max age
            api.perform(options(ROOM).header("Origin", CONSOLE).header("Access-Control-Request-Method", "GET")
                            .header("Access-Control-Request-Headers", "authorization"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Access-Control-Allow-Origin", CONSOLE))
                    .andExpect(header().string("Access-Control-Allow-Methods", "GET,HEAD,POST,PUT,DELETE"))
                    .andExpect(header().string("Access-Control-Allow-Headers", "authorization"))
                    .andExpect(header().string("Access-Control-Max-Age", "1800"))
                    .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
        }

        @Test
        void aPreflightOfAnotherOriginIsRefused() throws Exception {
            api.perform(options(ROOM).header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"))
                    .andExpect(status().isForbidden())
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        }

        @Test
        void anAllowedOriginReadsTheAnswerAndTheRefusalWithItsChallenge() throws Exception {
            // Given the console with a token of the route's scope, Then the answer names its origin
            api.perform(get(ROOM).header("Origin", CONSOLE)
                            .header("Authorization", "Bearer " + DevTokens.token().scopes(ApiScope.MEMBERS_READ).mint()))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Access-Control-Allow-Origin", CONSOLE))
                    .andExpect(header().string("Access-Control-Expose-Headers", "WWW-Authenticate"))
                    .andExpect(content().string("{\"room\":\"live_1\"}"));
            // Given a token without the scope, Then the 403 is readable by the page too
            api.perform(get(ROOM).header("Origin", CONSOLE)
                            .header("Authorization", "Bearer " + DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).mint()))
                    .andExpect(status().isForbidden())
                    .andExpect(header().string("Access-Control-Allow-Origin", CONSOLE))
                    .andExpect(content().json("{\"error\":\"forbidden: the token lacks the scope members:read\"}", true));
        }

        @Test
        void aRequestOfAnotherOriginIsRefusedEvenWithAToken() throws Exception {
            api.perform(get(ROOM).header("Origin", "https://evil.example")
                            .header("Authorization", "Bearer " + DevTokens.token().scopes(ApiScope.MEMBERS_READ).mint()))
                    .andExpect(status().isForbidden())
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        }
    }

    @Nested
    @WebMvcTest(controllers = RoomApi.class)
    @ImportAutoConfiguration({RoomsyncHttpAutoConfiguration.class, SecurityAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
    @ContextConfiguration(classes = Slice.class)
    @ActiveProfiles("dev")
    @TestPropertySource(properties = "roomsync.api.cors.allowed-origins=")
    class ByDefault {

        @Autowired
        MockMvc api;

        @Test
        void noOriginIsAllowedAndAPreflightNeedsAToken() throws Exception {
            // Given no allowed origin, When the console preflights, Then there is no CORS answer: the token is required
            api.perform(options(ROOM).header("Origin", CONSOLE).header("Access-Control-Request-Method", "GET"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
            api.perform(get(ROOM).header("Origin", CONSOLE)
                            .header("Authorization", "Bearer " + DevTokens.token().scopes(ApiScope.MEMBERS_READ).mint()))
                    .andExpect(status().isOk())
                    .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void theDefaultIsNoOriginAndAnOriginMustBeExact() {
        assertThat(new ApiCorsProperties(null, Duration.ofMinutes(30)).enabled()).isFalse();
        assertThat(new ApiCorsProperties(List.of(" http://127.0.0.1:8070 ", ""), Duration.ofMinutes(30)).allowedOrigins())
                .containsExactly(CONSOLE);
        for (String notAnOrigin : List.of("*", "http://127.0.0.1:8070/", "http://127.0.0.1:8070/console", "127.0.0.1:8070",
                "https://*.example.com")) {
            assertThatThrownBy(() -> new ApiCorsProperties(List.of(notAnOrigin), Duration.ofMinutes(30)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("roomsync.api.cors.allowed-origins: '" + notAnOrigin.trim()
                            + "' is not an origin (scheme://host[:port], no path, no wildcard)");
        }
    }
}
