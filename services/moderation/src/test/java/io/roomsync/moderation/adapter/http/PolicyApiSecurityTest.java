package io.roomsync.moderation.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.MemberSanction;
import io.roomsync.contract.moderation.MessageVerdict;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.contract.moderation.ModerationPhase;
import io.roomsync.moderation.adapter.kafka.DecisionLog;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.security.spring.ApiSecurityAutoConfiguration;
import io.roomsync.security.spring.TokenMatrix;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.TopicNames;
import io.roomsync.support.http.RoomsyncHttpAutoConfiguration;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who may call moderation's policy API (issue 15): every route refuses what it must (401 and 403, exact body and
 * challenge, see TokenMatrix), serves the right token, and a policy's {@code updatedBy} is the token's subject,
 * never the {@code X-Requester} header.
 */
@WebMvcTest
@ImportAutoConfiguration({RoomsyncHttpAutoConfiguration.class, SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
@ContextConfiguration(classes = PolicyApiSecurityTest.Slice.class)
@ActiveProfiles("dev")
class PolicyApiSecurityTest {

    private static final long APP = 1400000000L;

    /** The API alone, with one IM app and a fixed clock; Kafka and the decision log are mocks. */
    @Configuration(proxyBeanMethods = false)
    @Import({PolicyApi.class, PolicyApiAccess.class})
    static class Slice {
        @Bean
        TimApps apps() {
            return new TimApps(new ImAppsProperties(List.of(new ImAppsProperties.App(APP, "administrator", "secret", "",
                    URI.create("http://127.0.0.1:1")))));
        }

        @Bean
        TopicNames topics() {
            return new TopicNames();
        }

        @Bean
        PolicyBook policies() {
            return new PolicyBook();
        }

        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc api;
    @MockitoBean
    KafkaTemplate<String, ModerationPolicy> template;
    @MockitoBean
    DecisionLog decisions;

    @BeforeEach
    void kafkaTakesEveryRecord() {
        when(template.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(decisions.recent(anyString(), anyInt())).thenReturn(List.of());
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                // No policy is loaded in this slice: the answer today is 404
                Arguments.of(HttpMethod.GET, "/v1/policies/*", null, ApiScope.POLICIES_READ, 404),
                Arguments.of(HttpMethod.PUT, "/v1/policies/live_1", "{\"bannedTerms\":[\"scam\"]}", ApiScope.POLICIES_WRITE, 200),
                Arguments.of(HttpMethod.DELETE, "/v1/policies/live_1", null, ApiScope.POLICIES_WRITE, 204),
                Arguments.of(HttpMethod.GET, "/v1/rooms/live_1/decisions", null, ApiScope.DECISIONS_READ, 200),
                Arguments.of(HttpMethod.GET, "/v1/rooms/live_1/decisions/per-minute?minutes=5", null, ApiScope.DECISIONS_READ, 200));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void everyRouteRefusesWhatItMustWithTheExactAnswer(HttpMethod method, String path, String body, String scope, int served)
            throws Exception {
        TokenMatrix.assertRefusals(api, () -> request(method, path, body), scope, APP);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void theRightTokenIsServed(HttpMethod method, String path, String body, String scope, int served) throws Exception {
        // Given a token with exactly the route's scope, limited to the app the route acts on
        String token = DevTokens.token().scopes(scope).apps(List.of(APP)).mint();

        // When the route is called, Then it answers as without security
        api.perform(request(method, path, body).header("Authorization", "Bearer " + token))
                .andExpect(status().is(served));
    }

    @Test
    void theChartCountsTheRoomsDecisionsOfTheAppPerMinute() throws Exception {
        // Given (clock 12:00:00) the log's decisions since 11:59: a recall with a mute at 11:59:30, a drop at 12:00:00,
        // and one of another app with the same room id
        Instant from = Instant.parse("2026-11-29T11:59:00Z");
        when(decisions.since("live_1", from)).thenReturn(List.of(
                decision(APP, "2026-11-29T11:59:30Z", MessageVerdict.RECALL, MemberSanction.MUTE),
                decision(APP, "2026-11-29T12:00:00Z", MessageVerdict.DROP, MemberSanction.NONE),
                decision(APP + 1, "2026-11-29T12:00:00Z", MessageVerdict.RECALL, MemberSanction.BAN)));
        String token = DevTokens.token().scopes(ApiScope.DECISIONS_READ).mint();

        // When two minutes are asked for, Then the exact chart of this app
        api.perform(request(HttpMethod.GET, "/v1/rooms/live_1/decisions/per-minute?minutes=2", null)
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"room\":\"live_1\",\"app\":1400000000,\"minutes\":["
                        + "{\"minute\":\"2026-11-29T11:59:00Z\",\"decisions\":1,\"recalls\":1,\"sanctions\":1},"
                        + "{\"minute\":\"2026-11-29T12:00:00Z\",\"decisions\":1,\"recalls\":0,\"sanctions\":0}]}", true));
        // And more than an hour is the API's 400
        api.perform(request(HttpMethod.GET, "/v1/rooms/live_1/decisions/per-minute?minutes=61", null)
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"minutes is between 1 and 60\"}", true));
    }

    private static ModerationDecision decision(long app, String at, MessageVerdict verdict, MemberSanction action) {
        return ModerationDecision.newBuilder().setId(at).setSdkAppId(app).setRoom("live_1").setMember("viewer_1")
                .setEventId("e").setPhase(ModerationPhase.AFTER_SEND).setRule("flood").setVerdict(verdict)
                .setAction(action).setEvidence("6 messages in 10 s").setDecidedAt(Instant.parse(at)).build();
    }

    @Test
    void aPolicysAuthorIsTheTokensSubjectNeverTheHeader() throws Exception {
        // Given a token of subject alice, and a request naming another author
        String token = DevTokens.token().scopes(ApiScope.POLICIES_WRITE).subject("alice").mint();

        // When the room's policy is replaced
        api.perform(request(HttpMethod.PUT, "/v1/policies/live_1", "{\"bannedTerms\":[\"scam\"]}")
                        .header("Authorization", "Bearer " + token).header("X-Requester", "mallory"))
                .andExpect(status().isOk());

        // Then the published policy was updated by alice
        @SuppressWarnings("unchecked")
        ArgumentCaptor<ModerationPolicy> policy = ArgumentCaptor.forClass(ModerationPolicy.class);
        verify(template).send(anyString(), anyString(), policy.capture());
        assertThat(policy.getValue().getUpdatedBy()).isEqualTo("alice");
    }

    @Test
    void aTokenLimitedToSomeAppsIsRefusedAnotherAppBeforeLearningWhetherItIsServed() throws Exception {
        // Given moderation serving app 1400000000 only, and a token limited to app 1400000001
        String limited = DevTokens.token().scopes(ApiScope.POLICIES_READ, ApiScope.DECISIONS_READ).apps(List.of(APP + 1)).mint();

        // When it asks about the served app and about one not served, Then both answers are the same 403
        for (long asked : new long[] {APP, APP + 7}) {
            for (String path : List.of("/v1/policies/*?app=" + asked, "/v1/rooms/live_1/decisions?app=" + asked)) {
                api.perform(request(HttpMethod.GET, path, null).header("Authorization", "Bearer " + limited))
                        .andExpect(status().isForbidden())
                        .andExpect(content().json("{\"error\":\"forbidden: the token may not act on app " + asked + "\"}", true));
            }
        }
        // And only a token that may act on every app learns that 1400000007 is not served
        String everyApp = DevTokens.token().scopes(ApiScope.POLICIES_READ).mint();
        api.perform(request(HttpMethod.GET, "/v1/policies/*?app=" + (APP + 7), null).header("Authorization", "Bearer " + everyApp))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"app 1400000007 is not configured here\"}", true));
    }

    private static MockHttpServletRequestBuilder request(HttpMethod method, String path, String body) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, URI.create(path));
        return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
