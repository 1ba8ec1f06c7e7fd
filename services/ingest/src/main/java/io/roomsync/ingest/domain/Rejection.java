package io.roomsync.ingest.domain;

/**
 * Why ingest refused a callback. Each reason has its HTTP status, an ErrorCode for the Tencent-style reply body and a
 * metric tag; the table is documented in the README ("Callback errors"). Tencent counts any non-200 as a failed
 * callback, so a refusal is visible on both sides. Every callback that reaches ingest's controller ends either
 * published or refused with exactly one of these reasons.
 */
public enum Rejection {
    UNKNOWN_APP(403, 4031, "unknown-app", "SdkAppid is not an app this deployment serves"),
    MISSING_SIGNATURE(401, 4011, "missing-signature", "Sign and RequestTime are required: a callback token is configured"),
    BAD_SIGNATURE(401, 4012, "bad-signature", "Sign does not match sha256(token + RequestTime)"),
    STALE_REQUEST(401, 4013, "stale-request", "RequestTime is outside the freshness window"),
    BODY_TOO_LARGE(413, 4131, "body-too-large", "request body exceeds the configured limit"),
    MALFORMED_JSON(400, 4001, "malformed-json", "request body is not a JSON object"),
    UNREADABLE_BODY(400, 4006, "unreadable-body", "request body could not be read to its end (broken framing, or the client went away)"),
    MALFORMED_QUERY(400, 4007, "malformed-query", "query string is not percent-encoded UTF-8"),
    MISSING_COMMAND(400, 4002, "missing-command", "CallbackCommand is missing from both the query and the body"),
    COMMAND_MISMATCH(400, 4003, "command-mismatch", "CallbackCommand differs between the query and the body"),
    INVALID_GROUP_ID(400, 4004, "invalid-group-id", "GroupId is missing or not 1-48 bytes of printable ASCII"),
    INVALID_PAYLOAD(400, 4005, "invalid-payload", "a field this callback needs is missing or has the wrong type"),
    PUBLISH_FAILED(503, 5031, "publish-failed", "Kafka did not acknowledge the event in time; the callback was not accepted"),
    /** A fault of ingest's own (a bug), never of the input: counted and logged so the sum of outcomes stays whole. */
    INTERNAL_ERROR(500, 5001, "internal-error", "ingest failed on this callback; the failure is logged");

    private final int httpStatus;
    private final int errorCode;
    private final String tag;
    private final String description;

    Rejection(int httpStatus, int errorCode, String tag, String description) {
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.tag = tag;
        this.description = description;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** ErrorCode of the reply body; roomsync's own numbers (HTTP status and a digit), not Tencent's codes. */
    public int errorCode() {
        return errorCode;
    }

    /** The metric tag and the log word for this reason. */
    public String tag() {
        return tag;
    }

    public String description() {
        return description;
    }
}
