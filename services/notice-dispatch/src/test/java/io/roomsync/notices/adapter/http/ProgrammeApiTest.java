package io.roomsync.notices.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomsync.contract.notice.Notice;
import io.roomsync.notices.adapter.ProgrammeStore;
import io.roomsync.notices.domain.Programme;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.security.spring.ApiSecurityAutoConfiguration;
import io.roomsync.security.spring.TokenMatrix;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.TopicNames;
import io.roomsync.support.http.RoomsyncHttpAutoConfiguration;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import java.util.List;
import java.util.Optional;
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
 * The programme API alone (Kafka and the store mocked): who may call it, what it refuses and how, and the notice it
 * publishes for the room's stream task.
 */
@WebMvcTest
@ImportAutoConfiguration({RoomsyncHttpAutoConfiguration.class, SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, ApiSecurityAutoConfiguration.class})
@ContextConfiguration(classes = ProgrammeApiTest.Slice.class)
@ActiveProfiles("dev")
class ProgrammeApiTest {

    private static final long APP = 1400000000L;
    private static final String API = "/v1/rooms/live_1/programme";
    private static final String SCHEDULE = "{\"url\":\"/web/demo/media/programme.webm\",\"start\":\"2026-11-30T03:00:00Z\",\"duration\":120}";

    @Configuration(proxyBeanMethods = false)
    @Import({ProgrammeApi.class, NoticeDispatchAccess.class, ApiErrors.class})
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
    }

    @Autowired
    MockMvc api;
    @MockitoBean
    KafkaTemplate<String, Notice> template;
    @MockitoBean
    ProgrammeStore store;

    @BeforeEach
    void kafkaTakesEveryRecord() {
        when(template.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        when(store.programme(anyString())).thenReturn(Optional.empty());
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(HttpMethod.PUT, API, SCHEDULE, ApiScope.PROGRAMMES_WRITE, 202),
                Arguments.of(HttpMethod.DELETE, API, null, ApiScope.PROGRAMMES_WRITE, 202),
                // No programme in this slice's store: the answer today is 404
                Arguments.of(HttpMethod.GET, API, null, ApiScope.PROGRAMMES_READ, 404));
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
        String token = DevTokens.token().scopes(scope).apps(List.of(APP)).mint();
        api.perform(request(method, path, body).header("Authorization", "Bearer " + token)).andExpect(status().is(served));
    }

    @Test
    void aScheduleIsPublishedAsAProgrammeNoticeForTheRoom() throws Exception {
        // When a programme is scheduled by alice
        String token = DevTokens.token().scopes(ApiScope.PROGRAMMES_WRITE).subject("alice").mint();
        api.perform(request(HttpMethod.PUT, API, SCHEDULE).header("Authorization", "Bearer " + token))
                .andExpect(status().isAccepted());

        // Then a programme notice carrying the change goes to the notices topic, keyed by the room
        ArgumentCaptor<Notice> notice = ArgumentCaptor.forClass(Notice.class);
        verify(template).send(eq("roomsync.notices.v1"), eq("live_1"),
                notice.capture());
        assertThat(notice.getValue().getKind()).isEqualTo(Programme.KIND);
        assertThat(notice.getValue().getSdkAppId()).isEqualTo(APP);
        assertThat(notice.getValue().getRoom()).isEqualTo("live_1");
        assertThat(notice.getValue().getRequester()).isEqualTo("alice");
        assertThat(notice.getValue().getBody())
                .isEqualTo("{\"url\":\"/web/demo/media/programme.webm\",\"start\":1796007600000,\"duration\":120}");
    }

    @Test
    void aBadRequestIsTheApisErrorAndPublishesNothing() throws Exception {
        String token = DevTokens.token().scopes(ApiScope.PROGRAMMES_WRITE).mint();
        api.perform(request(HttpMethod.PUT, API, "{\"url\":\"/p.webm\",\"start\":\"soon\",\"duration\":120}")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"start is not an ISO-8601 instant (e.g. 2026-11-30T03:00:00Z): soon\"}", true));
        api.perform(request(HttpMethod.PUT, API, "{\"url\":\"/p.webm\",\"start\":\"2026-11-30T03:00:00Z\",\"duration\":\"long\"}")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":\"the body is not valid JSON of the expected shape\"}", true));
        verify(template, never()).send(anyString(), anyString(), any());
    }

    @Test
    void theCurrentProgrammeIsRead() throws Exception {
        // Given the room's programme at version 3
        when(store.programme("1400000000/live_1")).thenReturn(Optional.of(
                new Programme("/web/demo/media/programme.webm", 1796007600000L, 120L, 3, true)));

        // When it is read, Then it is answered with its start as an ISO-8601 instant
        String token = DevTokens.token().scopes(ApiScope.PROGRAMMES_READ).mint();
        api.perform(request(HttpMethod.GET, API, null).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"room\":\"live_1\",\"url\":\"/web/demo/media/programme.webm\","
                        + "\"start\":\"2026-11-30T03:00:00Z\",\"duration\":120,\"version\":3,\"written\":true}", true));
    }

    private static MockHttpServletRequestBuilder request(HttpMethod method, String path, String body) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, URI.create(path));
        return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
