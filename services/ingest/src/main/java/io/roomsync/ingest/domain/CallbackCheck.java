package io.roomsync.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Is this callback genuine? In the order of the architecture (section 5): the app must be one this deployment serves;
 * when the app has a callback token, {@code Sign} must equal {@code hex(sha256(token + RequestTime))} (compared in
 * constant time) and {@code RequestTime} must lie within the freshness window of now, in either direction.
 *
 * <p>Tencent's signature covers only the token and the time, not the body, and carries no nonce: the freshness
 * window is what bounds a replay. Tencent gives no window; five minutes is roomsync's default.
 */
public final class CallbackCheck {

    private final Map<Long, String> tokensByApp;
    private final Duration freshness;

    /**
     * @param tokensByApp every app served, mapped to its callback token ("" when its callbacks are unsigned)
     * @param freshness   how far RequestTime may be from now
     */
    public CallbackCheck(Map<Long, String> tokensByApp, Duration freshness) {
        this.tokensByApp = Map.copyOf(tokensByApp);
        this.freshness = freshness;
    }

    /** The reason to refuse, or empty when the callback may proceed to parsing. */
    public Optional<Rejection> check(Callback callback) {
        Long app = parseApp(callback.sdkAppId());
        if (app == null || !tokensByApp.containsKey(app)) {
            return Optional.of(Rejection.UNKNOWN_APP);
        }
        String token = tokensByApp.get(app);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (isBlank(callback.sign()) || isBlank(callback.requestTime())) {
            return Optional.of(Rejection.MISSING_SIGNATURE);
        }
        if (!MessageDigest.isEqual(expectedSign(token, callback.requestTime()),
                callback.sign().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(Rejection.BAD_SIGNATURE);
        }
        long requestSeconds;
        try {
            requestSeconds = Long.parseLong(callback.requestTime());
        } catch (NumberFormatException e) {
            return Optional.of(Rejection.BAD_SIGNATURE);
        }
        long skew = Math.abs(callback.receivedAt().getEpochSecond() - requestSeconds);
        if (skew > freshness.toSeconds()) {
            return Optional.of(Rejection.STALE_REQUEST);
        }
        return Optional.empty();
    }

    /** {@code Sign} as Tencent computes it: lower-case hex of SHA-256 over the token followed by RequestTime. */
    public static String sign(String token, String requestTime) {
        return new String(expectedSign(token, requestTime), StandardCharsets.US_ASCII);
    }

    private static byte[] expectedSign(String token, String requestTime) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((token + requestTime).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static Long parseApp(String sdkAppId) {
        if (sdkAppId == null || sdkAppId.isEmpty() || sdkAppId.charAt(0) == '-' || sdkAppId.charAt(0) == '+') {
            return null;
        }
        try {
            return Long.parseLong(sdkAppId);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** When the request is later accepted: its app, already known to parse. */
    public static long app(Callback callback) {
        return parseApp(callback.sdkAppId());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
