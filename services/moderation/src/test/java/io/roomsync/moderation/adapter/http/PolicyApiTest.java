package io.roomsync.moderation.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.moderation.adapter.kafka.DecisionLog;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.TopicNames;
import io.roomsync.timspring.TimApps;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.roomsync.security.spring.TestCallers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

/** The policy API's answers to bad policies (issue 12, cases 1 and 7): exact status and body, and nothing published. */
class PolicyApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KafkaTemplate<String, ModerationPolicy> template;
    private MockMvc api;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void start() {
        template = mock(KafkaTemplate.class);
        when(template.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        TimApps apps = new TimApps(new ImAppsProperties(List.of(new ImAppsProperties.App(1400000000L, "administrator", "secret", "",
                URI.create("http://127.0.0.1:1")))));
        PolicyApi policyApi = new PolicyApi(template, new TopicNames(), new PolicyBook(), apps, mock(DecisionLog.class),
                Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));
        api = MockMvcBuilders.standaloneSetup(policyApi).build();
        // The author the policy API recorded before tokens (X-Requester's default): the record sizes below count it.
        TestCallers.signIn("policy-api");
    }

    @AfterEach
    void signOut() {
        TestCallers.signOut();
    }

    private MvcResult putPolicy(byte[] body) throws Exception {
        return api.perform(put("/v1/policies/live_1").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private MvcResult putPolicy(String body) throws Exception {
        return putPolicy(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<?, ?> body(MvcResult result) throws Exception {
        return JSON.readValue(result.getResponse().getContentAsByteArray(), Map.class);
    }

    private void assertRefused(String body, String... problems) throws Exception {
        MvcResult result = putPolicy(body);
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(result)).isEqualTo(Map.of("error", "policy refused, nothing applied", "problems", List.of(problems)));
        verify(template, never()).send(anyString(), anyString(), any());
    }

    @Test
    void anAllowedDomainOfFiveThousandLabelsIsRefusedNotAServerError() throws Exception {
        assertRefused("{\"allowedDomains\":[\"" + "a.".repeat(5_000) + "com\"]}",
                "allowedDomains[0]: not a lower-case domain name: longer than 253 characters (a DNS name's limit)");
    }

    @Test
    void fractionsWhereWholeNumbersBelongAreRefusedNotTruncated() throws Exception {
        assertRefused("{\"ladder\":[{\"offences\":2,\"sanction\":\"MUTE\",\"seconds\":1.5}],\"offenceMemorySeconds\":86400.5,"
                        + "\"floodMessages\":1e1}",
                "ladder[0].seconds: a whole number, got 1.5", "offenceMemorySeconds: a whole number, got 86400.5",
                "floodMessages: a whole number, got 10.0");
    }

    @Test
    void ladderStepsNameTheirOwnProblems() throws Exception {
        assertRefused("{\"ladder\":[{\"offences\":\"2\",\"sanction\":\"KICK\",\"colour\":1}, 3]}",
                "ladder[0].colour: no such field (a step has offences, sanction and seconds)",
                "ladder[0].offences: a whole number", "ladder[0].sanction: one of WARN, MUTE, BAN",
                "ladder[1]: an object with offences, sanction and seconds");
    }

    @Test
    void aBodyOfAnotherMediaTypeIsUnsupportedAndNothingIsPublished() throws Exception {
        // Given a valid policy sent as text/plain, or with a Content-Type that does not parse
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "json"}) {
            MvcResult result = api.perform(put("/v1/policies/live_1").header("Content-Type", type)
                    .content("{\"bannedTerms\":[\"scam\"]}")).andReturn();

            // Then 415 in the API's shape, and nothing is published
            assertThat(result.getResponse().getStatus()).as(type).isEqualTo(415);
            assertThat(body(result)).as(type).isEqualTo(Map.of("error", "unsupported-media-type: a policy is application/json"));
        }
        verify(template, never()).send(anyString(), anyString(), any());
    }

    @Test
    void aRejectTextWithAControlCharacterIsRefused() throws Exception {
        assertRefused("{\"rejectText\":\"\\u0000\"}", "rejectText: a control character (U+0000) at character 0");
    }

    @Test
    void aLadderOfAThousandStepsIsRefused() throws Exception {
        StringBuilder ladder = new StringBuilder();
        for (int i = 1; i <= 1_000; i++) {
            ladder.append(i == 1 ? "" : ",").append("{\"offences\":").append(i).append(",\"sanction\":\"WARN\"}");
        }
        assertRefused("{\"ladder\":[" + ladder + "]}", "ladder: at most 10 steps, got 1000");
    }

    @Test
    void aPolicyLargerThanOneRecordIsRefusedBeforePublishing() throws Exception {
        // Given 9,000 terms of 64 letters: a 600 kB body, inside the body limit, over the record limit
        List<String> terms = new java.util.ArrayList<>();
        for (int i = 0; i < 9_000; i++) {
            String id = Integer.toString(i, 36);
            terms.add("t".repeat(64 - id.length()) + id);
        }
        assertRefused(JSON.writeValueAsString(Map.of("bannedTerms", terms)), "policy: the record is 594089 bytes, over"
                + " MAX_POLICY_BYTES (524288 bytes, what one record of the policy topic may hold); use fewer or shorter terms");
    }

    @Test
    void theIssuesFiftyThousandTermsAreRefusedByTheBodyLimit() throws Exception {
        // Given 50,000 terms of 64 characters (3.4 MB of JSON), which Kafka refused with a 503 before
        String body = "{\"bannedTerms\":[" + String.join(",", java.util.Collections.nCopies(50_000, "\"" + "x".repeat(64) + "\"")) + "]}";

        // When put, Then 413 in the API's error shape, and nothing is published
        MvcResult result = putPolicy(body);
        assertThat(result.getResponse().getStatus()).isEqualTo(413);
        assertThat(body(result)).isEqualTo(Map.of("error", "the body is larger than 1048576 bytes (the policy API's limit)"));
        verify(template, never()).send(anyString(), anyString(), any());
    }

    @Test
    void aBodyThatIsNotStrictUtf8OrOneJsonObjectIsRefused() throws Exception {
        byte[] overlong = "{\"rejectText\":\"a\u0000b\"}".getBytes(StandardCharsets.UTF_8);
        overlong[16] = (byte) 0xC0;
        byte[] withSlash = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, withSlash, 0, 17);
        withSlash[17] = (byte) 0xAF;
        System.arraycopy(overlong, 17, withSlash, 18, overlong.length - 17);
        MvcResult result = putPolicy(withSlash);
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(result)).isEqualTo(Map.of("error", "policy refused, nothing applied", "problems", List.of("the body is not valid UTF-8")));

        assertRefused("{\"maxLength\":10} {}", "the body is not valid JSON: Trailing token (`JsonToken.START_OBJECT`) found after value (bound as"
                + " `tools.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
        assertRefused("[[[[[[[[[1]]]]]]]]]", "the body is not valid JSON: Document nesting depth (9) exceeds the maximum allowed (8, from"
                + " `StreamReadConstraints.getMaxNestingDepth()`)");
    }

    @Test
    void aValidPolicyIsPublishedOnce() throws Exception {
        MvcResult result = putPolicy("{\"bannedTerms\":[\"scam\"],\"blockLinks\":true,\"allowedDomains\":[\"example.com\"],"
                + "\"ladder\":[{\"offences\":2,\"sanction\":\"MUTE\",\"seconds\":600}]}");

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(result).get("revision")).isEqualTo(1);
        verify(template).send(eq("roomsync.moderation-policy.v1"), eq("1400000000/live_1"), any());
    }
}
