package io.roomsync.emulator;

/** A Tencent error the emulator answers: HTTP 200, {@code ActionStatus FAIL}, this ErrorCode and ErrorInfo. */
final class TimError extends RuntimeException {

    final int code;

    TimError(int code, String info) {
        super(info, null, false, false);
        this.code = code;
    }

    static TimError badParameter(String info) {
        return new TimError(10004, info);
    }

    static TimError noGroup(String groupId) {
        return new TimError(10010, "group " + groupId + " does not exist or was dissolved");
    }
}
