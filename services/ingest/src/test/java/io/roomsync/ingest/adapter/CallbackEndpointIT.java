package io.roomsync.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Topic;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.EventIds;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * ingest on the real broker and registry: signed callbacks of every documented shape end up on
 * roomsync.im-events.v1, decoded through the registry, each with its deterministic id and its room as key; every kind
 * of bad input is refused with its status and reason, counted, and publishes nothing.
 */
@ExtendWith(RoomsyncStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class CallbackEndpointIT {

    private static final String TOPIC = Topic.IM_EVENTS.defaultName();

    @LocalServerPort
    int port;
    SignedCallbacks tencent;

    @BeforeEach
    void setUp() {
        tencent = new SignedCallbacks(port);
    }

    @Test
    void everyDocumentedCallbackIsAcknowledgedOnlyOnceItIsOnTheTopic() throws IOException {
        // Given every fixture, signed as Tencent signs
        Map<String, byte[]> fixtures = fixtures();
        List<String> expectedIds = new ArrayList<>();

        // When each is posted
        for (Map.Entry<String, byte[]> fixture : fixtures.entrySet()) {
            String command = commandOf(fixture.getKey());
            HttpResponse<String> response = tencent.post(command, fixture.getValue());

            // Then Tencent gets its OK
            assertThat(response.statusCode()).as(fixture.getKey()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
            expectedIds.add(EventIds.of(1400000000L, command, fixture.getValue()));
        }

        // And each event is on the topic exactly once, under its key
        List<ConsumerRecord<String, ImEvent>> records = Records.await(TOPIC, ImEvent.class,
                e -> expectedIds.contains(e.getId()), expectedIds.size(), Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(records).extracting(r -> r.value().getId()).containsExactlyInAnyOrderElementsOf(expectedIds);
        ConsumerRecord<String, ImEvent> afterSend = records.stream()
                .filter(r -> r.value().getCommand().equals("Group.CallbackAfterSendMsg")).findFirst().orElseThrow();
        assertThat(afterSend.key()).isEqualTo("@TGS#aLIVE0001");
        assertThat(afterSend.value().getPlatform()).isEqualTo("Web");
        assertThat(afterSend.value().getClientIp()).isEqualTo("203.0.113.7");
        assertThat(((GroupMessage) afterSend.value().getPayload()).getMsgSeq()).isEqualTo(408L);
    }

    @Test
    void aBeforeSendCallbackIsAllowedAndPublished() {
        byte[] body = ("{\"CallbackCommand\":\"Group.CallbackBeforeSendMsg\",\"GroupId\":\"before-room-1\",\"From_Account\":\"u1\","
                + "\"Random\":77,\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = tencent.post("Group.CallbackBeforeSendMsg", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ErrorCode\":0");
        assertThat(Records.await(TOPIC, ImEvent.class, e -> "before-room-1".equals(e.getRoom()), 1,
                Duration.ofSeconds(20), Duration.ofMillis(500))).hasSize(1);
    }

    @Test
    void everyBadInputIsRefusedWithItsReasonAndPublishesNothing() {
        long now = Instant.now().getEpochSecond();
        String afterSend = "Group.CallbackAfterSendMsg";

        assertRefused(tencent.postWithQuery(SignedCallbacks.query("1400000099", afterSend, "dev-callback-token", now), message("bad-app")),
                403, 4031, "unknown-app");
        assertRefused(tencent.postWithQuery(SignedCallbacks.query("1400000000", afterSend, null, now), message("bad-unsigned")),
                401, 4011, "missing-signature");
        assertRefused(tencent.postWithQuery(SignedCallbacks.query("1400000000", afterSend, "a-guessed-token", now), message("bad-sign")),
                401, 4012, "bad-signature");
        assertRefused(tencent.postWithQuery(SignedCallbacks.query("1400000000", afterSend, "dev-callback-token", now - 3600), message("bad-stale")),
                401, 4013, "stale-request");
        byte[] huge = ("{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"bad-huge\",\"Pad\":\""
                + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefused(tencent.post(afterSend, huge), 413, 4131, "body-too-large");
        assertRefused(tencent.post(afterSend, "{\"GroupId\":\"bad-json\",".getBytes(StandardCharsets.UTF_8)), 400, 4001, "malformed-json");
        assertRefused(tencent.postWithQuery(SignedCallbacks.query("1400000000", null, "dev-callback-token", now),
                "{\"GroupId\":\"bad-no-command\"}".getBytes(StandardCharsets.UTF_8)), 400, 4002, "missing-command");
        assertRefused(tencent.post(afterSend, "{\"GroupId\":\"bad id\\u0001\"}".getBytes(StandardCharsets.UTF_8)), 400, 4004, "invalid-group-id");
        assertRefused(tencent.post(afterSend, "{\"GroupId\":\"bad-payload\",\"MsgBody\":{}}".getBytes(StandardCharsets.UTF_8)),
                400, 4005, "invalid-payload");

        // Nothing of it reached the topic
        assertThat(Records.await(TOPIC, ImEvent.class, e -> e.getRoom() != null && e.getRoom().startsWith("bad"), 1,
                Duration.ofSeconds(3), Duration.ZERO)).isEmpty();
        // And each refusal was counted under its reason
        String metrics = tencent.get("/actuator/prometheus").body();
        for (String reason : List.of("unknown-app", "missing-signature", "bad-signature", "stale-request", "body-too-large",
                "malformed-json", "missing-command", "invalid-group-id", "invalid-payload")) {
            assertThat(counter(metrics, "roomsync_ingest_callbacks_rejected_total", "reason=\"" + reason + "\""))
                    .as(reason).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void theServiceReportsLivenessReadinessAndItsCounters() {
        assertThat(tencent.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(tencent.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        tencent.post("Group.CallbackAfterMemberExit", ("{\"GroupId\":\"metrics-room\",\"ExitType\":\"Quit\","
                + "\"ExitMemberList\":[{\"Member_Account\":\"m1\"}]}").getBytes(StandardCharsets.UTF_8));
        String metrics = tencent.get("/actuator/prometheus").body();
        assertThat(counter(metrics, "roomsync_ingest_callbacks_published_total", "command=\"Group.CallbackAfterMemberExit\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics).contains("roomsync_ingest_publish_latency_seconds_bucket");
    }

    private static void assertRefused(HttpResponse<String> response, int status, int errorCode, String reason) {
        assertThat(response.statusCode()).as(reason).isEqualTo(status);
        assertThat(response.body()).as(reason)
                .startsWith("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":" + errorCode + ",\"ErrorInfo\":\"" + reason + ": ");
    }

    private static byte[] message(String room) {
        return ("{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"" + room + "\",\"MsgBody\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static double counter(String prometheus, String name, String label) {
        return prometheus.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static Map<String, byte[]> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/callbacks"))) {
            return files.filter(f -> f.toString().endsWith(".json")).collect(Collectors.toMap(
                    f -> f.getFileName().toString(), f -> read(f), (a, b) -> a, java.util.TreeMap::new));
        }
    }

    static String commandOf(String fixture) {
        return fixture.substring(0, fixture.indexOf('.', fixture.indexOf('.') + 1));
    }

    private static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
