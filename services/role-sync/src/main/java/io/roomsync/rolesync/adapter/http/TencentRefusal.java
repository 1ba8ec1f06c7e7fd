package io.roomsync.rolesync.adapter.http;

import io.roomsync.tim.TimException;

/**
 * A call to Tencent IM for a room that did not succeed, as the API answers it. Tencent's group error codes
 * (Tencent IM server API error codes, group section): 10010 "the group does not exist or was dissolved" and
 * 10015 "invalid group id" mean the room the caller named is not there: 404. 10004 "invalid parameter" is the
 * caller's request: 400. Anything else (no answer, rate limits, internal errors, the app's own credentials or
 * permissions refused) is not the caller's fault: 503, try again later.
 *
 * @param status  the HTTP status to answer
 * @param message the {@code error} text of the answer
 */
public record TencentRefusal(int status, String message) {

    /** How {@code failure}, raised while working on {@code room}, is answered. */
    public static TencentRefusal of(String room, TimException failure) {
        int code = failure.errorCode();
        return switch (code) {
            case 10010, 10015 -> new TencentRefusal(404, "room " + room + " not found in Tencent IM (error " + code + ")");
            case 10004 -> new TencentRefusal(400, "Tencent IM refused the request for room " + room + " as invalid (error 10004)");
            default -> new TencentRefusal(503, "Tencent IM could not be asked about room " + room + " now (error " + code
                    + "); try again later");
        };
    }

    /** A {@link TimException} raised for a room the API was asked about; answered by {@link ApiErrors}. */
    public static class Failed extends RuntimeException {
        private final transient TencentRefusal refusal;

        public Failed(String room, TimException cause) {
            super(cause.getMessage(), cause);
            this.refusal = of(room, cause);
        }

        public TencentRefusal refusal() {
            return refusal;
        }
    }
}
