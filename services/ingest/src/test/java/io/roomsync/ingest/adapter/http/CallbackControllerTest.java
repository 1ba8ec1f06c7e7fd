package io.roomsync.ingest.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.Keys;
import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.contract.moderation.TermAction;
import io.roomsync.ingest.BeforeSendModeration;
import io.roomsync.ingest.CallbackIntake;
import io.roomsync.ingest.domain.CallbackCheck;
import io.roomsync.ingest.domain.CallbackParser;
import io.roomsync.ingest.domain.Intake;
import io.roomsync.ingest.domain.Rejection;
import io.roomsync.moderation.rules.PolicyBook;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The callback edge without a server: the query, the body and the answer, and the three counters that must always
 * add up (received = published + rejected), for inputs that end every way.
 */
class CallbackControllerTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_764_064_800L);
    private static final String TOKEN = "dev-callback-token";
    private static final String AFTER_SEND = "Group.CallbackAfterSendMsg";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ImEvent> published = new ArrayList<>();
    private final CallbackController controller = controller(null);

    /** The edge as configured for the dev app, with a 1,024-byte body limit and the given verdict (null: none). */
    private CallbackController controller(BeforeSendModeration moderation) {
        return new CallbackController(new CallbackIntake(new CallbackCheck(Map.of(1400000000L, TOKEN), Duration.ofMinutes(5)),
                new CallbackParser(), this::publish, moderation, Duration.ofSeconds(1), 1024, meters), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Rooms named kafka-down fail to publish, rooms named producer-throws throw; the rest are taken. */
    private CompletableFuture<Void> publish(String key, ImEvent event) {
        if (key.equals("producer-throws")) {
            throw new IllegalStateException("producer closed");
        }
        if (key.equals("kafka-down")) {
            return CompletableFuture.failedFuture(new IOException("broker unreachable"));
        }
        published.add(event);
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aRefusalIsTencentsShapeWrittenByJackson() {
        byte[] body = CallbackController.refusalBody(new Intake.Refused(Rejection.INVALID_PAYLOAD, "a \"q\" \\ \u0001 é"));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4005,\"ErrorInfo\":\"invalid-payload: a \\\"q\\\" \\\\ \\u0001 é\"}");
    }

    @Test
    void aQueryThatIsNotUtf8IsRefusedAndCounted() {
        MockHttpServletResponse response = post(signedQuery(AFTER_SEND) + "&ClientIP=%C0%AF", message("room-1"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response)).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4007,"
                + "\"ErrorInfo\":\"malformed-query: a query value is not UTF-8 once percent-decoded\"}");
        assertCounted(1, 0, 1);
        assertThat(meters.get("roomsync.ingest.callbacks.rejected").tag("reason", "malformed-query").counter().count()).isEqualTo(1);
    }

    @Test
    void aBodyThatFailsWhileReadIsUnreadableAndCounted() {
        // Given a chunked body whose stream fails after some bytes (broken framing, a client gone)
        MockHttpServletRequest request = request(signedQuery(AFTER_SEND), new FailingStream("{\"GroupId\":"), -1);

        MockHttpServletResponse response = answer(request);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response)).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4006,"
                + "\"ErrorInfo\":\"unreadable-body: request body could not be read to its end (broken framing, or the client went away): IOException\"}");
        assertCounted(1, 0, 1);
    }

    @Test
    void aBodyShorterThanItsContentLengthIsUnreadable() {
        byte[] body = message("room-1");
        MockHttpServletRequest request = request(signedQuery(AFTER_SEND), new ByteArrayInputStream(body), body.length + 10);

        MockHttpServletResponse response = answer(request);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response)).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4006,"
                + "\"ErrorInfo\":\"unreadable-body: request body could not be read to its end (broken framing, or the client went away): EOFException\"}");
        assertThat(published).isEmpty();
    }

    @Test
    void aBodyIsJudgedAsJsonWhateverItsContentTypeSays() {
        MockHttpServletRequest form = request(signedQuery(AFTER_SEND), new ByteArrayInputStream(message("room-form")), -1);
        form.setContentType("application/x-www-form-urlencoded");
        MockHttpServletRequest none = request(signedQuery(AFTER_SEND), new ByteArrayInputStream(message("room-none")), -1);
        MockHttpServletRequest multipart = request(signedQuery(AFTER_SEND),
                new ByteArrayInputStream("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--".getBytes(StandardCharsets.UTF_8)), -1);
        multipart.setContentType("multipart/form-data; boundary=b");

        assertThat(answer(form).getStatus()).isEqualTo(200);
        assertThat(answer(none).getStatus()).isEqualTo(200);
        assertThat(body(answer(multipart))).isEqualTo(
                "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4001,\"ErrorInfo\":\"malformed-json: request body is not valid JSON\"}");
        assertThat(published).extracting(ImEvent::getRoom).containsExactly("room-form", "room-none");
    }

    @Test
    void aBeforeSendVerdictThatFailsAllowsTheMessageInTencentsShape() {
        // Given a verdict whose rules fail (a StackOverflowError, as a backtracking rule can)
        BeforeSendModeration failing = new BeforeSendModeration(new PolicyBook(), () -> true, meters) {
            @Override
            protected Verdict decide(ImEvent event, GroupMessage message) {
                throw new StackOverflowError();
            }
        };
        CallbackController withVerdict = controller(failing);
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] message = message("room-verdict");

        // When a Before-send callback arrives
        withVerdict.receive(request(signedQuery("Group.CallbackBeforeSendMsg"), new ByteArrayInputStream(message), message.length), response);

        // Then Tencent gets OK (the message is allowed), and the event was published saying so
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        assertThat(published).extracting(ImEvent::getRoom).containsExactly("room-verdict");
        assertThat(((GroupMessage) published.get(0).getPayload()).getVerdict())
                .isEqualTo(new AnsweredVerdict(VerdictKind.ALLOW, null, "verdict-failed", null));
    }

    @Test
    void aBeforeSendMessageIsJudgedBeforePublishingAndItsEventCarriesTheVerdictTencentGets() {
        // Given a room whose policy (revision 4) rejects "scam" with code 10150, and a room without a policy
        PolicyBook policies = new PolicyBook();
        policies.apply(Keys.policy(1400000000L, "room-rejects"), PolicyBook.defaults(1400000000L, "room-rejects").setRevision(4)
                .setBannedTerms(List.of("scam")).setBannedTermAction(TermAction.REJECT).setRejectCode(10150)
                .setRejectText("no scams").build());
        CallbackController withVerdict = controller(new BeforeSendModeration(policies, () -> true, meters));

        // When alice sends "big scam" to each room
        MockHttpServletResponse rejected = answer(withVerdict, "Group.CallbackBeforeSendMsg", text("room-rejects", "big scam"));
        MockHttpServletResponse allowed = answer(withVerdict, "Group.CallbackBeforeSendMsg", text("room-free", "big scam"));

        // Then Tencent gets the room's code, and the other room's message is allowed, the answers exactly as before
        assertThat(body(rejected)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":10150,\"ErrorInfo\":\"no scams\"}");
        assertThat(body(allowed)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        // And each published event carries the verdict Tencent got: the rule, the evidence and the revision that decided
        assertThat(published).extracting(event -> ((GroupMessage) event.getPayload()).getVerdict()).containsExactly(
                new AnsweredVerdict(VerdictKind.REJECT, "banned-terms", "scam", 4L),
                new AnsweredVerdict(VerdictKind.ALLOW, null, "no-policy", null));
    }

    @Test
    void theBenchEndpointAnswersTheSameVerdictWithoutPublishing() {
        // Given the bench endpoint, whose intake publishes nothing, with a room that rejects "scam"
        PolicyBook policies = new PolicyBook();
        policies.apply(Keys.policy(1400000000L, "room-bench"), PolicyBook.defaults(1400000000L, "room-bench")
                .setBannedTerms(List.of("scam")).setBannedTermAction(TermAction.REJECT).build());
        List<ImEvent> handedOver = new ArrayList<>();
        BenchController bench = new BenchController(new CallbackIntake(new CallbackCheck(Map.of(1400000000L, TOKEN), Duration.ofMinutes(5)),
                new CallbackParser(), (key, event) -> {
                    handedOver.add(event);
                    return CompletableFuture.completedFuture(null);
                }, new BeforeSendModeration(policies, () -> true, meters), Duration.ofSeconds(1), 1024, new SimpleMeterRegistry()),
                Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] message = text("room-bench", "big scam");
        MockHttpServletResponse response = new MockHttpServletResponse();

        // When a Before-send callback is posted to it
        bench.callback(request(signedQuery("Group.CallbackBeforeSendMsg"), new ByteArrayInputStream(message), message.length), response);

        // Then it answers the room's default reject code, and its publisher was handed the event with the verdict
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":10100,\"ErrorInfo\":\"message refused by the room's rules\"}");
        assertThat(handedOver).extracting(event -> ((GroupMessage) event.getPayload()).getVerdict().getKind())
                .containsExactly(VerdictKind.REJECT);
    }

    @Test
    void withoutTheVerdictOrForOtherCallbacksTheEventCarriesNone() {
        // Given the edge without a Before-send verdict, and one with it
        CallbackController withVerdict = controller(new BeforeSendModeration(new PolicyBook(), () -> true, meters));

        // When a Before-send callback reaches the first, and an After-send one the second
        answer(controller, "Group.CallbackBeforeSendMsg", text("room-off", "big scam"));
        answer(withVerdict, AFTER_SEND, text("room-after", "big scam"));

        // Then neither event carries a verdict
        assertThat(published).extracting(ImEvent::getRoom).containsExactly("room-off", "room-after");
        assertThat(published).extracting(event -> ((GroupMessage) event.getPayload()).getVerdict()).containsOnlyNulls();
    }

    @Test
    void everyCallbackReceivedIsEitherPublishedOrRejected() {
        // Given a mix of inputs that end every way
        String ok = signedQuery(AFTER_SEND);
        List<Integer> statuses = List.of(
                post(ok, message("room-1")).getStatus(),                                          // published
                post(ok, message("room-2")).getStatus(),                                          // published
                post(ok, message("kafka-down")).getStatus(),                                      // publish-failed
                post(ok, message("producer-throws")).getStatus(),                                 // publish-failed
                post("SdkAppid=01400000000&CallbackCommand=" + AFTER_SEND, message("room-3")).getStatus(), // unknown-app
                post(ok, "{\"GroupId\":\"ov\u00c0\"}".getBytes(StandardCharsets.ISO_8859_1)).getStatus(), // malformed-json
                post(ok, "[]".getBytes(StandardCharsets.UTF_8)).getStatus(),                      // malformed-json
                post(ok, ("{\"GroupId\":\"r\",\"Pad\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8)).getStatus(), // body-too-large
                post(ok + "&OptPlatform=%zz", message("room-4")).getStatus(),                     // malformed-query
                answer(request(ok, new FailingStream("{"), -1)).getStatus(),                     // unreadable-body
                post(ok, "{\"GroupId\":\"r\",\"MsgBody\":[],\"From_Account\":\"a b\"}".getBytes(StandardCharsets.UTF_8)).getStatus()); // invalid-payload

        // Then each got its status, and the counters add up exactly
        assertThat(statuses).containsExactly(200, 200, 503, 503, 403, 400, 400, 413, 400, 400, 400);
        assertCounted(11, 2, 9);
        assertThat(published).extracting(ImEvent::getRoom).containsExactly("room-1", "room-2");
    }

    private static MockHttpServletResponse answer(CallbackController edge, String command, byte[] body) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        edge.receive(request(signedQuery(command), new ByteArrayInputStream(body), body.length), response);
        return response;
    }

    /** A message from alice with one text element. */
    private static byte[] text(String room, String text) {
        return ("{\"GroupId\":\"" + room + "\",\"From_Account\":\"alice\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\","
                + "\"MsgContent\":{\"Text\":\"" + text + "\"}}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String body(MockHttpServletResponse response) {
        return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    private void assertCounted(double received, double publishedCount, double rejected) {
        assertThat(sum("roomsync.ingest.callbacks.received")).as("received").isEqualTo(received);
        assertThat(sum("roomsync.ingest.callbacks.published")).as("published").isEqualTo(publishedCount);
        assertThat(sum("roomsync.ingest.callbacks.rejected")).as("rejected").isEqualTo(rejected);
    }

    private double sum(String counter) {
        return meters.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private MockHttpServletResponse post(String query, byte[] body) {
        return answer(request(query, new ByteArrayInputStream(body), body.length));
    }

    private MockHttpServletResponse answer(MockHttpServletRequest request) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        controller.receive(request, response);
        return response;
    }

    private static MockHttpServletRequest request(String query, InputStream body, long contentLength) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/tencent-im/callback") {
            @Override
            public long getContentLengthLong() {
                return contentLength;
            }

            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return body.read();
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
        request.setQueryString(query);
        return request;
    }

    private static String signedQuery(String command) {
        String time = Long.toString(NOW.getEpochSecond());
        return "SdkAppid=1400000000&CallbackCommand=" + command + "&Sign=" + CallbackCheck.sign(TOKEN, time)
                + "&RequestTime=" + time;
    }

    private static byte[] message(String room) {
        return ("{\"GroupId\":\"" + room + "\",\"MsgBody\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Yields its bytes, then fails as Tomcat's stream does on broken chunked framing or a client gone. */
    private static final class FailingStream extends InputStream {
        private final ByteArrayInputStream head;

        FailingStream(String head) {
            this.head = new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() throws IOException {
            int next = head.read();
            if (next < 0) {
                throw new IOException("Invalid chunk header");
            }
            return next;
        }
    }
}
