package io.roomsync.support.http;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a service's error answers have, chosen per service with {@code roomsync.http.error-shape}.
 * The text is the same in both: {@code "<reason>: <detail>"}.
 */
public enum ErrorShape {

    /** The HTTP APIs' shape (role-sync, moderation, notice-dispatch): {@code {"error":"<reason>: <detail>"}}. */
    API {
        @Override
        Map<String, Object> fields(HttpProblem problem) {
            return Map.of("error", text(problem));
        }
    },

    /**
     * Tencent IM's callback answer (ingest): {@code {"ActionStatus":"FAIL","ErrorCode":<status x 10>,
     * "ErrorInfo":"<reason>: <detail>"}}. Container-level refusals end in 0 (4040, 4050, ...), which keeps them apart
     * from ingest's own callback refusals (4001-4005, 4011, ... in the README's "Callback errors" table).
     */
    TENCENT {
        @Override
        Map<String, Object> fields(HttpProblem problem) {
            return tencentFields("FAIL", problem.status() * 10, text(problem));
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    abstract Map<String, Object> fields(HttpProblem problem);

    /** The UTF-8 JSON body of {@code problem} in this shape. */
    public byte[] render(HttpProblem problem) {
        return JSON.writeValueAsBytes(fields(problem));
    }

    /**
     * Tencent IM's callback answer, {@code {"ActionStatus":..,"ErrorCode":..,"ErrorInfo":..}} in that order (the
     * answer every Tencent callback expects: "Third-party callback overview", answer packet), as UTF-8 JSON.
     *
     * @param actionStatus {@code OK} or {@code FAIL}
     * @param errorCode    0 for OK, otherwise the refusal's code
     * @param errorInfo    empty for OK, otherwise {@code "<reason>: <detail>"}
     */
    public static byte[] tencentReply(String actionStatus, int errorCode, String errorInfo) {
        return JSON.writeValueAsBytes(tencentFields(actionStatus, errorCode, errorInfo));
    }

    private static Map<String, Object> tencentFields(String actionStatus, int errorCode, String errorInfo) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ActionStatus", actionStatus);
        fields.put("ErrorCode", errorCode);
        fields.put("ErrorInfo", errorInfo);
        return fields;
    }

    private static String text(HttpProblem problem) {
        return problem.reason() + ": " + problem.detail();
    }
}
