package io.roomsync.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every single answer must be (issue 12, "Keep the kinds closed"): an answer at all, never a 5xx, and the
 * documented body shape.
 *
 * <p>The checks come most severe first: no answer, a 5xx, an answer other than the documented one, then the shape.
 *
 * <ul>
 *   <li>The callback edge ({@code /tencent-im/callback}, any method): Tencent's
 *   {@code {"ActionStatus":..,"ErrorCode":..,"ErrorInfo":..}} and nothing else (a Before-send verdict may add
 *   {@code MsgBody}); 200 only with {@code "OK"}; a refusal says {@code "FAIL"} with a non-zero code, and when its
 *   {@code ErrorInfo} names a reason of the README's table, the status and code are that row's.</li>
 *   <li>The APIs (role-sync, moderation, notice-dispatch): a 4xx is {@code {"error":".."}} (moderation may add
 *   {@code problems}, a list of strings; role-sync's 404 for a command without result adds {@code commandId} and
 *   {@code status}, README); a 2xx is JSON or empty. ingest's other paths may answer either shape.</li>
 *   <li>Only 2xx and 4xx are documented: a 1xx final answer or a 3xx is foreign too.</li>
 *   <li>A mutation with one documented answer ({@link FuzzRequest.Expected}) gets exactly it.</li>
 * </ul>
 */
public final class Invariants {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TENCENT_FIELDS = Set.of("ActionStatus", "ErrorCode", "ErrorInfo");
    private static final Set<String> API_ERROR_FIELDS = Set.of("error", "problems");
    /** role-sync's {@code GET /v1/commands/{id}} while there is no result: the error, the id and the status to poll on. */
    private static final Set<String> ROLE_SYNC_ERROR_FIELDS = Set.of("error", "commandId", "status");
    /** The Before-send verdict answers codes 0 (allow), 1 (reject), 2 (drop) or the room's 10100-10200. */
    private static final String BEFORE_SEND = "Group.CallbackBeforeSendMsg";

    /** README, "Callback errors": reason tag to HTTP status and ErrorCode. */
    static final Map<String, int[]> REFUSALS = Map.ofEntries(
            Map.entry("unknown-app", new int[] {403, 4031}),
            Map.entry("missing-signature", new int[] {401, 4011}),
            Map.entry("bad-signature", new int[] {401, 4012}),
            Map.entry("stale-request", new int[] {401, 4013}),
            Map.entry("body-too-large", new int[] {413, 4131}),
            Map.entry("malformed-json", new int[] {400, 4001}),
            Map.entry("missing-command", new int[] {400, 4002}),
            Map.entry("command-mismatch", new int[] {400, 4003}),
            Map.entry("invalid-group-id", new int[] {400, 4004}),
            Map.entry("invalid-payload", new int[] {400, 4005}),
            Map.entry("publish-failed", new int[] {503, 5031}));

    private Invariants() {
    }

    /** Every invariant {@code answer} breaks for {@code request}; empty when it is a documented answer. */
    public static List<Broken> check(FuzzRequest request, Answer answer) {
        List<Broken> broken = new ArrayList<>();
        if (answer.failure() != null) {
            broken.add(new Broken("no-answer", answer.failure()));
            return broken;
        }
        int status = answer.status();
        if (status >= 500) {
            broken.add(new Broken("5xx", "answered " + status + ": no client input may get a 5xx"));
        } else if (status < 200 || (status >= 300 && status < 400)) {
            broken.add(new Broken("foreign-shape", "answered " + status + ": only 2xx and 4xx are documented"));
        }
        if (request.expected() != null && status < 500) {
            expected(request.expected(), answer, broken);
        }
        if (request.callbackEdge()) {
            tencentShape(request, answer, broken);
        } else if (status >= 400) {
            apiError(request, answer, broken);
        } else if (status >= 200 && status < 300 && answer.body().length > 0 && json(answer.body()) == null) {
            broken.add(new Broken("not-json", "a " + status + " whose body is not JSON"));
        }
        return broken;
    }

    private static void expected(FuzzRequest.Expected expected, Answer answer, List<Broken> broken) {
        JsonNode body = json(answer.body());
        Integer code = body != null && body.path("ErrorCode").isInt() ? body.path("ErrorCode").intValue() : null;
        boolean statusRight = answer.status() == expected.status();
        boolean codeRight = expected.errorCode() == null || expected.errorCode().equals(code);
        if (!statusRight || !codeRight) {
            broken.add(new Broken("wrong-answer", "expected " + expected.status()
                    + (expected.errorCode() == null ? "" : " ErrorCode " + expected.errorCode()) + " (" + expected.rule()
                    + "), got " + answer.status() + (code == null ? "" : " ErrorCode " + code)));
        }
    }

    private static void tencentShape(FuzzRequest request, Answer answer, List<Broken> broken) {
        JsonNode body = json(answer.body());
        if (body == null || !body.isObject()) {
            broken.add(new Broken("not-json", "the callback edge answered " + answer.status()
                    + " without Tencent's JSON reply"));
            return;
        }
        boolean verdict = answer.status() == 200 && isBeforeSend(request);
        List<String> foreign = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TENCENT_FIELDS.contains(name) && !(verdict && name.equals("MsgBody"))) {
                foreign.add(name);
            }
        }
        JsonNode actionStatus = body.get("ActionStatus");
        JsonNode errorCode = body.get("ErrorCode");
        JsonNode errorInfo = body.get("ErrorInfo");
        if (!foreign.isEmpty() || actionStatus == null || !actionStatus.isTextual() || errorCode == null
                || !errorCode.isInt() || errorInfo == null || !errorInfo.isTextual()) {
            broken.add(new Broken("foreign-shape", "the callback edge answered " + answer.status()
                    + " with a body that is not exactly {ActionStatus, ErrorCode, ErrorInfo}"
                    + (foreign.isEmpty() ? "" : " (extra: " + foreign + ")")));
            return;
        }
        int code = errorCode.intValue();
        if (answer.status() == 200) {
            boolean codeAllowed = code == 0 || (verdict && (code == 1 || code == 2 || (code >= 10100 && code <= 10200)));
            if (!"OK".equals(actionStatus.textValue()) || !codeAllowed) {
                broken.add(new Broken("foreign-shape", "a 200 on the callback edge must be ActionStatus OK with "
                        + (verdict ? "a verdict code" : "ErrorCode 0") + ", got " + actionStatus.textValue() + " " + code));
            }
            return;
        }
        if (!"FAIL".equals(actionStatus.textValue()) || code == 0 || errorInfo.textValue().isEmpty()) {
            broken.add(new Broken("foreign-shape", "a refusal must be ActionStatus FAIL with a code and a reason, got "
                    + actionStatus.textValue() + " " + code + " '" + errorInfo.textValue() + "'"));
            return;
        }
        String info = errorInfo.textValue();
        int colon = info.indexOf(':');
        int[] row = REFUSALS.get(colon < 0 ? info : info.substring(0, colon));
        if (row != null && (row[0] != answer.status() || row[1] != code)) {
            broken.add(new Broken("refusal-table", "'" + info + "' is " + row[0] + " ErrorCode " + row[1]
                    + " in the README's table, answered " + answer.status() + " ErrorCode " + code));
        }
    }

    private static void apiError(FuzzRequest request, Answer answer, List<Broken> broken) {
        JsonNode body = json(answer.body());
        if (body == null || !body.isObject()) {
            broken.add(new Broken("not-json", "a " + answer.status() + " from " + request.service().id()
                    + " without a JSON error body"));
            return;
        }
        if (request.service() == Service.INGEST && TENCENT_FIELDS.stream().allMatch(body::has)) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        Set<String> documented = request.service() == Service.ROLE_SYNC ? ROLE_SYNC_ERROR_FIELDS : API_ERROR_FIELDS;
        body.fieldNames().forEachRemaining(name -> {
            if (!documented.contains(name)) {
                foreign.add(name);
            }
        });
        JsonNode error = body.get("error");
        JsonNode problems = body.get("problems");
        boolean problemsRight = problems == null || (problems.isArray() && allText(problems));
        if (!foreign.isEmpty() || error == null || !error.isTextual() || error.textValue().isEmpty() || !problemsRight) {
            broken.add(new Broken("foreign-shape", "a " + answer.status() + " from " + request.service().id()
                    + " that is not {\"error\": \"..\"}" + (foreign.isEmpty() ? "" : " (extra: " + foreign + ")")));
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBeforeSend(FuzzRequest request) {
        return request.target().contains("CallbackCommand=" + BEFORE_SEND)
                || CallbackFuzz.indexOf(request.body(), ("\"" + BEFORE_SEND + "\"").getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    /** The body as JSON when it is strict UTF-8 JSON (one value, nothing after it), else null. */
    static JsonNode json(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return JSON.readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(body);
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
