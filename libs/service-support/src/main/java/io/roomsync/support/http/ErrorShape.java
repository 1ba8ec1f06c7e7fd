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
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ActionStatus", "FAIL");
            fields.put("ErrorCode", problem.status() * 10);
            fields.put("ErrorInfo", text(problem));
            return fields;
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    abstract Map<String, Object> fields(HttpProblem problem);

    /** The UTF-8 JSON body of {@code problem} in this shape. */
    public byte[] render(HttpProblem problem) {
        return JSON.writeValueAsBytes(fields(problem));
    }

    private static String text(HttpProblem problem) {
        return problem.reason() + ": " + problem.detail();
    }
}
