package io.roomsync.rolesync.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.adapter.kafka.MemberQueries;
import io.roomsync.rolesync.adapter.kafka.Reconciler;
import io.roomsync.rolesync.domain.RoomSummaries;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.security.spring.ApiSecurityAutoConfiguration;
import io.roomsync.security.spring.TokenMatrix;
import io.roomsync.support.http.RoomsyncHttpAutoConfiguration;
import io.roomsync.tim.TimApp;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Who may call role-sync's API (issue 15): every route refuses a request without a token, with an expired one, one
 * of another issuer or audience, or not signed by the trusted key (401), and one without the route's scope or
 * limited to another IM app (403), each with the exact body and challenge; the right token is served, and the
 * command it publishes names the token's subject as requester, whatever the request says.
 */
@WebMvcTest(controllers = MemberApi.class)
@ImportAutoConfiguration({RoomsyncHttpAutoConfiguration.class, SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
@ContextConfiguration(classes = MemberApiSecurityTest.Slice.class)
@ActiveProfiles("dev")
class MemberApiSecurityTest {

    /** The API alone, not role-sync's application (its Kafka Streams and Tencent beans). */
    @Configuration(proxyBeanMethods = false)
    @Import({MemberApi.class, MemberApiAccess.class, ApiErrors.class})
    static class Slice {
    }

    private static final long APP = 1400000000L;
    private static final String MEMBER = "/v1/rooms/live_1/members/viewer_1";

    @Autowired
    MockMvc api;
    @MockitoBean
    CommandPublisher publisher;
    @MockitoBean
    MemberQueries queries;
    @MockitoBean
    Reconciler reconciler;
    @MockitoBean
    TimApps apps;
    @MockitoBean
    RoleSyncProperties properties;

    @BeforeEach
    void app() {
        TimApp app = new TimApp(APP, URI.create("http://127.0.0.1:1"), "administrator", "key");
        when(apps.first()).thenReturn(app);
        when(apps.find(APP)).thenReturn(Optional.of(app));
        when(properties.maxMute()).thenReturn(Duration.ofDays(30));
        when(properties.maxBan()).thenReturn(Duration.ofDays(365));
        when(queries.result("c-1")).thenReturn(Optional.of(new MemberQueries.ResultView("c-1", APP, "live_1",
                List.of("viewer_1"), "MUTE", "APPLIED", null, null, 1, Instant.parse("2026-11-29T12:00:00Z"))));
    }

    /** Every route of the API: method, path, body (or null), the scope it needs. */
    static Stream<Arguments> routes() {
        String timed = "{\"seconds\":600,\"reason\":\"spam\"}";
        return Stream.of(
                Arguments.of(HttpMethod.POST, MEMBER + "/mute", timed, ApiScope.MEMBERS_WRITE),
                Arguments.of(HttpMethod.POST, MEMBER + "/ban", timed, ApiScope.MEMBERS_WRITE),
                Arguments.of(HttpMethod.POST, MEMBER + "/unmute", "{}", ApiScope.MEMBERS_WRITE),
                Arguments.of(HttpMethod.POST, MEMBER + "/unban", "{}", ApiScope.MEMBERS_WRITE),
                Arguments.of(HttpMethod.POST, MEMBER + "/admin", "{}", ApiScope.ADMINS_WRITE),
                Arguments.of(HttpMethod.DELETE, MEMBER + "/admin", null, ApiScope.ADMINS_WRITE),
                Arguments.of(HttpMethod.GET, MEMBER, null, ApiScope.MEMBERS_READ),
                Arguments.of(HttpMethod.GET, "/v1/rooms/live_1/members?role=admin", null, ApiScope.MEMBERS_READ),
                Arguments.of(HttpMethod.GET, "/v1/commands/c-1", null, ApiScope.MEMBERS_READ),
                Arguments.of(HttpMethod.GET, "/v1/rooms?room=live&app=" + APP, null, ApiScope.MEMBERS_READ),
                Arguments.of(HttpMethod.POST, "/v1/rooms/live_1/reconcile", null, ApiScope.ROOMS_RECONCILE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void everyRouteRefusesWhatItMustWithTheExactAnswer(HttpMethod method, String path, String body, String scope) throws Exception {
        TokenMatrix.assertRefusals(api, () -> request(method, path, body), scope, APP);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void theRightTokenIsServed(HttpMethod method, String path, String body, String scope) throws Exception {
        // Given a token with exactly the route's scope, limited to the app the route acts on
        when(reconciler.reconcile(anyLong(), anyString())).thenReturn("o-1");
        String token = DevTokens.token().scopes(scope).apps(List.of(APP)).mint();

        // When the route is called, Then it answers as without security: 2xx
        int answer = api.perform(request(method, path, body).header("Authorization", "Bearer " + token))
                .andReturn().getResponse().getStatus();
        assertThat(answer).as(method + " " + path).isBetween(200, 299);
    }

    @Test
    void theCommandsRequesterIsTheTokensSubjectAndClientNeverAHeaderOrTheBody() throws Exception {
        // Given a token of subject alice issued to client ops-console, and a request claiming another requester
        String token = DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).subject("alice").clientId("ops-console").mint();

        // When a member is muted
        api.perform(request(HttpMethod.POST, MEMBER + "/mute", "{\"seconds\":600,\"reason\":\"spam\",\"requester\":\"mallory\"}")
                        .header("Authorization", "Bearer " + token).header("X-Requester", "mallory"))
                .andExpect(status().isAccepted());

        // Then the published command names alice via ops-console
        ArgumentCaptor<MemberCommand> command = ArgumentCaptor.forClass(MemberCommand.class);
        verify(publisher).publish(command.capture());
        assertThat(command.getValue().getRequester()).isEqualTo("alice via ops-console");
    }

    @Test
    void aHeadOfAReadRouteNeedsTheReadScopeAsItsGetDoes() throws Exception {
        // Given tokens with only the write scope, and with the read scope
        String writer = DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).mint();
        String reader = DevTokens.token().scopes(ApiScope.MEMBERS_READ).mint();

        // Then HEAD of a command's result (served by its GET handler) is refused to the writer and served to the reader
        api.perform(request(HttpMethod.HEAD, "/v1/commands/c-1", null).header("Authorization", "Bearer " + writer))
                .andExpect(status().isForbidden());
        api.perform(request(HttpMethod.HEAD, "/v1/commands/c-1", null).header("Authorization", "Bearer " + reader))
                .andExpect(status().isOk());
    }

    @Test
    void aTokenLimitedToSomeAppsIsRefusedAnotherAppBeforeLearningWhetherItIsServed() throws Exception {
        // Given role-sync serving apps 1400000000 and 1400000001 (not 1400000007), and a token limited to the first
        when(apps.find(APP)).thenReturn(Optional.of(new TimApp(APP, URI.create("http://127.0.0.1:1"), "administrator", "key")));
        when(apps.find(APP + 1)).thenReturn(Optional.of(new TimApp(APP + 1, URI.create("http://127.0.0.1:1"), "administrator", "key")));
        String limited = DevTokens.token().scopes(ApiScope.MEMBERS_READ).apps(List.of(APP)).mint();

        // When it asks about a served app and an unserved one it may not use, Then both answers are the same 403
        for (long other : new long[] {APP + 1, APP + 7}) {
            api.perform(request(HttpMethod.GET, MEMBER + "?app=" + other, null).header("Authorization", "Bearer " + limited))
                    .andExpect(status().isForbidden())
                    .andExpect(content().json("{\"error\":\"forbidden: the token may not act on app " + other + "\"}", true));
        }
        // And only a token that may act on every app learns that 1400000007 is not served
        String everyApp = DevTokens.token().scopes(ApiScope.MEMBERS_READ).mint();
        api.perform(request(HttpMethod.GET, MEMBER + "?app=" + (APP + 7), null).header("Authorization", "Bearer " + everyApp))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"app 1400000007 is not served here\"}", true));
    }

    @Test
    void theRoomsListShowsWhatTheQueriesFoundForTheAppsOfTheToken() throws Exception {
        // Given one room found, and a token limited to APP
        RoomSummaries.Search search = new RoomSummaries.Search(null, "live", "viewer", 5);
        when(queries.summaries(eq(search), any()))
                .thenAnswer(call -> {
                    LongPredicate mayShow = call.getArgument(1);
                    // the token's apps are what the list is limited to
                    assertThat(mayShow.test(APP)).isTrue();
                    assertThat(mayShow.test(APP + 1)).isFalse();
                    return List.of(new RoomSummaries.RoomSummary(APP, "live_1", 4, 3, 2, 1, 1, 10,
                            Instant.parse("2026-11-30T02:00:00Z")));
                });
        String token = DevTokens.token().scopes(ApiScope.MEMBERS_READ).apps(List.of(APP)).mint();

        // When listed, Then the exact body
        api.perform(request(HttpMethod.GET, "/v1/rooms?room=live&user=viewer&limit=5", null)
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(content().json("[{\"app\":1400000000,\"room\":\"live_1\",\"members\":4,\"present\":3,"
                        + "\"admins\":2,\"muted\":1,\"banned\":1,\"version\":10,"
                        + "\"lastChangedAt\":\"2026-11-30T02:00:00Z\"}]", true));
        // And a limit outside 1-1000 is the API's 400
        api.perform(request(HttpMethod.GET, "/v1/rooms?limit=0", null).header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"limit must be between 1 and 1000, was 0\"}", true));
    }

    @Test
    void theOpenApiDocumentNeedsNoToken() throws Exception {
        api.perform(request(HttpMethod.GET, "/v1/openapi.yaml", null)).andExpect(status().isOk());
    }

    @Test
    void aPathNothingServesNeedsAToken() throws Exception {
        api.perform(request(HttpMethod.GET, "/v2/anything", null))
                .andExpect(status().isUnauthorized())
                .andExpect(content().json("{\"error\":\"unauthorized: a bearer token is required\"}", true));
    }

    private static MockHttpServletRequestBuilder request(HttpMethod method, String path, String body) {
        MockHttpServletRequestBuilder request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .request(method, URI.create(path));
        return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
