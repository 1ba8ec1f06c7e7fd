package io.roomsync.tim;

/**
 * A Tencent IM call that did not succeed: Tencent's ErrorCode and ErrorInfo (HTTP 200 with a non-zero code), or a
 * transport failure ({@link #TRANSPORT_FAILURE}: no answer, timeout, connection refused) or an open circuit
 * ({@link #CIRCUIT_OPEN}), after the retries the error's kind allows.
 */
public class TimException extends RuntimeException {

    /** roomsync's code for a call that got no answer from Tencent. */
    public static final int TRANSPORT_FAILURE = -1;
    /** roomsync's code for a call not made because the API's circuit breaker is open. */
    public static final int CIRCUIT_OPEN = -2;
    /** roomsync's code for a call not made because no rate-limiter permit came in time. */
    public static final int RATE_LIMITED = -3;

    private final String api;
    private final int errorCode;
    private final String errorInfo;
    private final int attempts;

    public TimException(String api, int errorCode, String errorInfo, int attempts, Throwable cause) {
        super(api + " failed with " + errorCode + " (" + errorInfo + ") after " + attempts + " attempt(s)", cause);
        this.api = api;
        this.errorCode = errorCode;
        this.errorInfo = errorInfo;
        this.attempts = attempts;
    }

    /** e.g. {@code group_open_http_svc/forbid_send_msg} */
    public String api() {
        return api;
    }

    public int errorCode() {
        return errorCode;
    }

    public String errorInfo() {
        return errorInfo;
    }

    /** Attempts made for the failed method: its retries, and for a batched method every earlier batch's attempts. */
    public int attempts() {
        return attempts;
    }

    /** This failure, counting {@code earlier} more attempts (those of the batches before the one that failed). */
    TimException afterEarlierAttempts(int earlier) {
        if (earlier == 0) {
            return this;
        }
        TimException counted = new TimException(api, errorCode, errorInfo, attempts + earlier, getCause());
        counted.setStackTrace(getStackTrace());
        return counted;
    }

    /** Whether the failure is Tencent refusing the request for good (the request, not the moment, is wrong). */
    public boolean isPermanent() {
        return errorCode > 0 && TimErrorKind.of(errorCode) == TimErrorKind.PERMANENT;
    }
}
