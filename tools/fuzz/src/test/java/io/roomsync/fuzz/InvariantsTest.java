package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsTest {

    private static final String CALLBACK = "/tencent-im/callback?SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterNewMemberJoin";
    private static final String VERDICT = "/tencent-im/callback?SdkAppid=1400000000&CallbackCommand=Group.CallbackBeforeSendMsg";

    private static FuzzRequest request(Service service, String target, FuzzRequest.Expected expected) {
        return new FuzzRequest(1, "test", "test", service, "POST", target, List.of(), new byte[0], false, expected, null);
    }

    private static Answer answer(int status, String body) {
        return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8), 0, null);
    }

    private static List<String> names(List<Broken> broken) {
        return broken.stream().map(Broken::invariant).toList();
    }

    @Test
    void anAcceptedCallbackWithTencentsReplyBreaksNothing() {
        // Given a callback answered 200 with Tencent's OK reply, when checked, then nothing is broken
        assertThat(Invariants.check(request(Service.INGEST, CALLBACK, null),
                answer(200, "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}"))).isEmpty();
    }

    @Test
    void aRefusalFromTheTableWithItsStatusAndCodeBreaksNothing() {
        assertThat(Invariants.check(request(Service.INGEST, CALLBACK, null),
                answer(400, "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4001,\"ErrorInfo\":\"malformed-json: not JSON\"}"))).isEmpty();
    }

    @Test
    void aRefusalWhoseStatusDisagreesWithTheTableBreaksTheTable() {
        // Given malformed-json answered 401 (the table says 400 4001)
        List<Broken> broken = Invariants.check(request(Service.INGEST, CALLBACK, null),
                answer(401, "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4001,\"ErrorInfo\":\"malformed-json: x\"}"));

        // Then the table is broken, naming both
        assertThat(broken).containsExactly(new Broken("refusal-table",
                "'malformed-json: x' is 400 ErrorCode 4001 in the README's table, answered 401 ErrorCode 4001"));
    }

    @Test
    void tomcatsHtmlPageOnTheCallbackEdgeIsNotJson() {
        assertThat(names(Invariants.check(request(Service.INGEST, CALLBACK, null), answer(400, "<!doctype html><html></html>"))))
                .containsExactly("not-json");
    }

    @Test
    void springsDefaultErrorBodyIsAForeignShapeOnAnApi() {
        // Given Spring's default 404 body from moderation
        List<Broken> broken = Invariants.check(request(Service.MODERATION, "/nope", null),
                answer(404, "{\"timestamp\":\"t\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/nope\"}"));

        // Then it is foreign, with the fields that do not belong
        assertThat(broken).containsExactly(new Broken("foreign-shape",
                "a 404 from moderation that is not {\"error\": \"..\"} (extra: [timestamp, status, path])"));
    }

    @Test
    void aRefusedPolicyWithItsProblemsIsTheDocumentedShape() {
        assertThat(Invariants.check(request(Service.MODERATION, "/v1/policies/r", null),
                answer(400, "{\"error\":\"policy refused, nothing applied\",\"problems\":[\"colour: no such field\"]}"))).isEmpty();
    }

    @Test
    void aServerErrorIsReportedFirstAndItsShapeAfterIt() {
        assertThat(names(Invariants.check(request(Service.ROLE_SYNC, "/v1/rooms/r/reconcile", null),
                answer(500, "{\"timestamp\":\"t\",\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"/x\"}"))))
                .containsExactly("5xx", "foreign-shape");
    }

    @Test
    void anAnswerOtherThanTheDocumentedOneIsWrong() {
        // Given a stale RequestTime that must be 401 4013, accepted
        FuzzRequest stale = request(Service.INGEST, CALLBACK, new FuzzRequest.Expected(401, 4013, "stale-request"));
        List<Broken> broken = Invariants.check(stale, answer(200, "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}"));

        // Then the answer is wrong, with what was expected and why
        assertThat(broken).containsExactly(new Broken("wrong-answer", "expected 401 ErrorCode 4013 (stale-request), got 200 ErrorCode 0"));
    }

    @Test
    void aBeforeSendVerdictMayCarryTheRoomsCodeAndAMaskedBody() {
        assertThat(Invariants.check(request(Service.INGEST, VERDICT, null),
                answer(200, "{\"ActionStatus\":\"OK\",\"ErrorCode\":10150,\"ErrorInfo\":\"refused\"}"))).isEmpty();
        assertThat(Invariants.check(request(Service.INGEST, VERDICT, null),
                answer(200, "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\",\"MsgBody\":[]}"))).isEmpty();
    }

    @Test
    void anyOtherCallbackMayNotAnswerAVerdict() {
        assertThat(names(Invariants.check(request(Service.INGEST, CALLBACK, null),
                answer(200, "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\",\"MsgBody\":[]}")))).containsExactly("foreign-shape");
    }

    @Test
    void noAnswerIsOnlyThat() {
        assertThat(Invariants.check(request(Service.INGEST, CALLBACK, new FuzzRequest.Expected(200, 0, "accepted")),
                Answer.none("no answer within 20 s", 0))).containsExactly(new Broken("no-answer", "no answer within 20 s"));
    }

    @Test
    void jsonIsStrictUtf8AndOneValue() {
        assertThat(Invariants.json("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(Invariants.json("{\"a\":1}x".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Invariants.json(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})).isNull();
    }
}
