package io.roomsync.tim;

import java.util.Set;

/**
 * How a Tencent error code is handled (Tencent reference, section 3.3).
 *
 * <ul>
 *   <li>{@link #RETRYABLE}: transient (internal errors, rate limits, timeouts): retry with backoff.</li>
 *   <li>{@link #RENEW_SIGNATURE}: the UserSig expired (70001): sign again, retry once.</li>
 *   <li>{@link #PERMANENT}: the request itself is wrong or not allowed: retrying cannot help.</li>
 * </ul>
 */
public enum TimErrorKind {
    RETRYABLE, RENEW_SIGNATURE, PERMANENT;

    private static final Set<Integer> RETRYABLE_CODES = Set.of(
            10002,  // internal error
            10006,  // operation frequency limit
            10023,  // over the 40 messages/s a group carries
            10049,  // group attribute write rate limit
            60007, 60011, 60018, 60019,  // REST API / SDKAppID request rate exceeded
            60008,  // request timeout
            70050,  // UserSig check failed plus frequency exceeded: wait, then retry
            70169, 70500,  // internal timeout / internal error
            80003); // Before-callback failed with the "don't deliver" policy: once more

    /** The kind of a Tencent ErrorCode (0 is success and has no kind). */
    public static TimErrorKind of(int errorCode) {
        if (errorCode == 70001) {
            return RENEW_SIGNATURE;
        }
        return RETRYABLE_CODES.contains(errorCode) ? RETRYABLE : PERMANENT;
    }
}
