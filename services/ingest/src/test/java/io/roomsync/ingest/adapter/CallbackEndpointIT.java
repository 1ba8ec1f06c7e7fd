package io.roomsync.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Topic;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.EventIds;
import io.roomsync.security.DevTokens;
import io.roomsync.teststack.TestHttp;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
import org.springframework.boot.test.web.server.LocalManagementPort;
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
    @LocalManagementPort
    int managementPort;
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
        long requestTime = Instant.now().getEpochSecond();
        for (Map.Entry<String, byte[]> fixture : fixtures.entrySet()) {
            String command = commandOf(fixture.getKey());
            HttpResponse<String> response = tencent.postWithQuery(SignedCallbacks.query(SignedCallbacks.DEV_APP, command,
                    SignedCallbacks.DEV_TOKEN, requestTime), fixture.getValue());

            // Then Tencent gets its OK
            assertThat(response.statusCode()).as(fixture.getKey()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
            expectedIds.add(EventIds.of(1400000000L, command, fixture.getValue(), Long.toString(requestTime)));
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
    void offlineOnlineOfflineWithoutEventTimeAreThreeEventsAndTheSameDeliveryAgainIsTheFirst() {
        // Given Tencent's older state-change body (no EventTime) for one member: Offline, Online, Offline, signed a
        // second apart, and the first request sent once more (issue 14, case 1)
        long now = Instant.now().getEpochSecond();
        String command = "Group.CallbackOnMemberStateChange";
        String body = "{\"CallbackCommand\":\"Group.CallbackOnMemberStateChange\",\"GroupId\":\"repeat-room-1\","
                + "\"EventType\":\"%s\",\"MemberList\":[{\"Member_Account\":\"alice\"}]}";
        List<String> sent = List.of("Offline", "Online", "Offline", "Offline");
        List<Long> times = List.of(now - 2, now - 1, now, now - 2);
        List<String> ids = new ArrayList<>();

        // When each is posted
        for (int i = 0; i < sent.size(); i++) {
            byte[] bytes = body.formatted(sent.get(i)).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = tencent.postWithQuery(SignedCallbacks.query(SignedCallbacks.DEV_APP, command,
                    SignedCallbacks.DEV_TOKEN, times.get(i)), bytes);
            assertThat(response.statusCode()).isEqualTo(200);
            ids.add(EventIds.of(1400000000L, command, bytes, Long.toString(times.get(i))));
        }

        // Then the topic holds four events in order: three ids, the fourth the first's again
        List<ConsumerRecord<String, ImEvent>> records = Records.await(TOPIC, ImEvent.class,
                e -> "repeat-room-1".equals(e.getRoom()), 4, Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(records).extracting(r -> r.value().getId()).containsExactlyElementsOf(ids);
        assertThat(ids.subList(0, 3)).doesNotHaveDuplicates();
        assertThat(ids.get(3)).isEqualTo(ids.get(0));
        assertThat(records).extracting(r -> ((MembersOnlineStateChanged) r.value().getPayload()).getState())
                .containsExactlyElementsOf(sent);
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
        String metrics = management("/actuator/prometheus").body();
        for (String reason : List.of("unknown-app", "missing-signature", "bad-signature", "stale-request", "body-too-large",
                "malformed-json", "missing-command", "invalid-group-id", "invalid-payload")) {
            assertThat(counter(metrics, "roomsync_ingest_callbacks_rejected_total", "reason=\"" + reason + "\""))
                    .as(reason).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void invalidUtf8InTheBodyIsMalformedJsonAndCreatesNoRoom() {
        // Given a GroupId holding the overlong C0 AF, which a lenient decoder reads as "/"
        byte[] body = concat("{\"GroupId\":\"utf8-ov".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF},
                "x\",\"MsgBody\":[]}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = tencent.post("Group.CallbackAfterSendMsg", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4001,\"ErrorInfo\":\"malformed-json: request body is not valid UTF-8 (byte 19)\"}");
        assertThat(Records.await(TOPIC, ImEvent.class, e -> e.getRoom() != null && e.getRoom().startsWith("utf8-ov"), 1,
                Duration.ofSeconds(3), Duration.ZERO)).isEmpty();
    }

    @Test
    void numbersInTheQueryAreAsciiDigitsInCanonicalFormAndTheWindowCannotOverflow() {
        long now = Instant.now().getEpochSecond();
        String afterSend = "Group.CallbackAfterSendMsg";

        // Given RequestTime = now - 2^63 with a Sign that matches it
        HttpResponse<String> wrapped = tencent.postWithQuery(
                SignedCallbacks.query("1400000000", afterSend, "dev-callback-token", now - Long.MIN_VALUE), message("num-wrapped"));
        // And the served app in full-width digits (percent-encoded), and with a leading zero
        HttpResponse<String> fullWidth = tencent.postWithQuery(SignedCallbacks.query(
                "%EF%BC%91%EF%BC%94%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90",
                afterSend, "dev-callback-token", now), message("num-full-width"));
        HttpResponse<String> leadingZero = tencent.postWithQuery(
                SignedCallbacks.query("01400000000", afterSend, "dev-callback-token", now), message("num-zero"));

        // Then each is refused with its exact answer
        assertThat(wrapped.statusCode()).isEqualTo(401);
        assertThat(wrapped.body()).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4012,"
                + "\"ErrorInfo\":\"bad-signature: Sign does not match sha256(token + RequestTime)\"}");
        for (HttpResponse<String> unknown : List.of(fullWidth, leadingZero)) {
            assertThat(unknown.statusCode()).isEqualTo(403);
            assertThat(unknown.body()).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4031,"
                    + "\"ErrorInfo\":\"unknown-app: SdkAppid is not an app this deployment serves\"}");
        }
    }

    @Test
    void aMemberIdTencentWouldNeverSendIsRefusedNamingTheField() {
        HttpResponse<String> response = tencent.post("Group.CallbackAfterMemberFieldChanged",
                "{\"GroupId\":\"member-bad\",\"Member_Account\":\"a b\",\"Role\":\"Admin\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4005,"
                + "\"ErrorInfo\":\"invalid-payload: Member_Account must be a user id: 1-32 bytes of printable ASCII without space\"}");
    }

    @Test
    void brokenChunkedFramingIsCountedAsUnreadableBody() throws IOException {
        // Given a chunked body whose second chunk size is not hex
        String request = "POST /tencent-im/callback?" + signedQuery("Group.CallbackAfterSendMsg") + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\n{\"Gro\r\nzz\r\nupId\"}\r\n0\r\n\r\n";
        Outcomes before = outcomes();
        double unreadableBefore = rejected("unreadable-body");

        String answer = rawExchange(request.getBytes(StandardCharsets.US_ASCII), true);

        // Then the answer is ingest's own 400 refusal in Tencent's shape (Tomcat has called sendError(400) itself; the
        // shared error page answers with the refusal the controller prepared), and the callback is counted received
        // and rejected as unreadable-body
        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4006,\"ErrorInfo\":\"unreadable-body: "
                + "request body could not be read to its end (broken framing, or the client went away): ");
        assertThat(outcomes().minus(before)).isEqualTo(new Outcomes(1, 0, 1));
        assertThat(rejected("unreadable-body") - unreadableBefore).isEqualTo(1.0);
    }

    @Test
    void aGzipEncodedBodyNeverReachesIngestAndPublishesNothing() throws IOException {
        // Given a body sent with Transfer-Encoding "gzip, chunked" (Tencent sends plain bodies; Tomcat decodes no gzip)
        String request = "POST /tencent-im/callback?" + signedQuery("Group.CallbackAfterSendMsg") + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nxxxxx\r\n0\r\n\r\n";
        Outcomes before = outcomes();

        String answer = rawExchange(request.getBytes(StandardCharsets.US_ASCII), true);

        // Then the container refuses it before the controller, as 400 in Tencent's shape (not Tomcat's 501): nothing counted
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4000,\"ErrorInfo\":\"bad-request");
        assertThat(outcomes().minus(before)).isEqualTo(new Outcomes(0, 0, 0));
    }

    @Test
    void optionsOnTheCallbackPathIsMethodNotAllowedInTencentsShape() throws IOException {
        // Given an OPTIONS request on the callback path (Spring alone answered 200 with no body)
        String request = "OPTIONS /tencent-im/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        Outcomes before = outcomes();

        String answer = rawExchange(request.getBytes(StandardCharsets.US_ASCII), true);

        // Then 405 with Allow: POST and Tencent's reply shape, and nothing counted as a callback
        assertThat(answer).startsWith("HTTP/1.1 405 ").containsIgnoringCase("Allow: POST\r\n")
                .contains("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4050,\"ErrorInfo\":\"method-not-allowed");
        assertThat(outcomes().minus(before)).isEqualTo(new Outcomes(0, 0, 0));
    }

    @Test
    void aClientThatGoesAwayMidBodyIsCountedAsUnreadableBody() throws IOException {
        // Given a request that declares 500 bytes, sends 20 and closes its side
        String head = "POST /tencent-im/callback?" + signedQuery("Group.CallbackAfterSendMsg") + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
        Outcomes before = outcomes();
        double unreadableBefore = rejected("unreadable-body");

        rawExchange((head + "{\"GroupId\":\"gone-mid").getBytes(StandardCharsets.US_ASCII), false);

        // Then, once ingest has seen the end of the stream, it counted one received and one unreadable-body
        Outcomes after = awaitOutcomes(before, 1);
        assertThat(after.minus(before)).isEqualTo(new Outcomes(1, 0, 1));
        assertThat(rejected("unreadable-body") - unreadableBefore).isEqualTo(1.0);
    }

    @Test
    void everyCallbackReceivedEndsPublishedOrRejected() {
        // Given a mix of inputs: two good callbacks and seven kinds of bad one
        Outcomes before = outcomes();
        long now = Instant.now().getEpochSecond();
        String afterSend = "Group.CallbackAfterSendMsg";
        List<Integer> statuses = List.of(
                tencent.post(afterSend, message("mix-ok-1")).statusCode(),
                tencent.post(afterSend, message("mix-ok-2")).statusCode(),
                tencent.postWithQuery(SignedCallbacks.query("1400000099", afterSend, "dev-callback-token", now), message("mix-app")).statusCode(),
                tencent.post(afterSend, "null".getBytes(StandardCharsets.UTF_8)).statusCode(),
                tencent.post(afterSend, ("{\"GroupId\":\"mix-deep\",\"D\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                        .getBytes(StandardCharsets.UTF_8)).statusCode(),
                tencent.post(afterSend, "{\"GroupId\":\"mix-dup\",\"GroupId\":\"mix-dup2\"}".getBytes(StandardCharsets.UTF_8)).statusCode(),
                tencent.postWithQuery(SignedCallbacks.query("1400000000", afterSend, "dev-callback-token", now) + "&ClientIP=%C0%AF",
                        message("mix-query")).statusCode(),
                tencent.post(afterSend, "{\"GroupId\":\"mix-member\",\"MsgBody\":[],\"From_Account\":\"a b\"}"
                        .getBytes(StandardCharsets.UTF_8)).statusCode(),
                tencent.post(afterSend, "{\"GroupId\":\"mix-num\",\"MsgBody\":[],\"MsgSeq\":\"\uFF11\"}"
                        .getBytes(StandardCharsets.UTF_8)).statusCode());

        // Then each has its status, and received = published + rejected, exactly
        assertThat(statuses).containsExactly(200, 200, 403, 400, 400, 400, 400, 400, 400);
        assertThat(outcomes().minus(before)).isEqualTo(new Outcomes(9, 2, 7));
    }

    /** {@code path} on the management port, with a development token (health details) or, when null, none. */
    private HttpResponse<String> management(String path, String authorization) {
        return TestHttp.call("GET", "http://127.0.0.1:" + managementPort + path, null, authorization);
    }

    private HttpResponse<String> management(String path) {
        return management(path, DevTokens.authorization());
    }

    @Test
    void healthIsOnTheManagementPortOnlyWithDetailsForATokenAndNothingElseIsExposed() throws Exception {
        // Given ingest running, When its health is asked without a token, Then the status only (issue 15: details
        // showed local paths and client ids to anyone)
        HttpResponse<String> anonymous = management("/actuator/health/readiness", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
        // With a valid token, the components too
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(management("/actuator/health/readiness").body())
                .path("components").has("policyReplica")).isTrue();
        // A bad token is refused even where none is needed
        assertThat(management("/actuator/health", "Bearer not-a-token").statusCode()).isEqualTo(401);
        // Nothing else is exposed, and the callback port serves no actuator
        assertThat(management("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(management("/actuator/metrics").statusCode()).isEqualTo(404);
        assertThat(tencent.get("/actuator/health").statusCode()).isEqualTo(404);
        assertThat(tencent.get("/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    @Test
    void theServiceReportsLivenessReadinessAndItsCounters() {
        assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
        tencent.post("Group.CallbackAfterMemberExit", ("{\"GroupId\":\"metrics-room\",\"ExitType\":\"Quit\","
                + "\"ExitMemberList\":[{\"Member_Account\":\"m1\"}]}").getBytes(StandardCharsets.UTF_8));
        String metrics = management("/actuator/prometheus").body();
        assertThat(counter(metrics, "roomsync_ingest_callbacks_published_total", "command=\"Group.CallbackAfterMemberExit\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics).contains("roomsync_ingest_publish_latency_seconds_bucket");
    }

    /** The three callback counters, summed over their tags. */
    record Outcomes(double received, double published, double rejected) {
        Outcomes minus(Outcomes earlier) {
            return new Outcomes(received - earlier.received, published - earlier.published, rejected - earlier.rejected);
        }
    }

    private Outcomes outcomes() {
        String metrics = management("/actuator/prometheus").body();
        return new Outcomes(counter(metrics, "roomsync_ingest_callbacks_received_total", ""),
                counter(metrics, "roomsync_ingest_callbacks_published_total", ""),
                counter(metrics, "roomsync_ingest_callbacks_rejected_total", ""));
    }

    private double rejected(String reason) {
        return counter(management("/actuator/prometheus").body(), "roomsync_ingest_callbacks_rejected_total",
                "reason=\"" + reason + "\"");
    }

    /** Polls (bounded, not timed) until {@code received} more callbacks were rejected than in {@code before}. */
    private Outcomes awaitOutcomes(Outcomes before, int rejected) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Outcomes now = outcomes();
            if (now.rejected() - before.rejected() >= rejected) {
                return now;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return outcomes();
    }

    /** Sends {@code request} on its own connection; reads the whole answer, or only shuts the output when not. */
    private String rawExchange(byte[] request, boolean readAnswer) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (!readAnswer) {
                socket.shutdownOutput();
                return "";
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String signedQuery(String command) {
        return SignedCallbacks.query("1400000000", command, "dev-callback-token", Instant.now().getEpochSecond());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
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
