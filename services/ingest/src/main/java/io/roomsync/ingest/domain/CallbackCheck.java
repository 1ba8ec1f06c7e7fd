package io.roomsync.ingest.domain;

import io.roomsync.contract.Decimals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Is this callback genuine? In the order of the architecture (section 5): the app must be one this deployment serves;
 * when the app has a callback token, {@code Sign} must equal {@code hex(sha256(token + RequestTime))} (compared in
 * constant time) and {@code RequestTime} must lie within the freshness window of now, in either direction.
 * {@code SdkAppid} must be in canonical form and {@code RequestTime} ASCII digits (see {@link Decimals}): a number
 * spelled another way is an unknown app or a bad signature, never the same app or time.
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
        OptionalLong requestSeconds = Decimals.unsigned(callback.requestTime());
        if (requestSeconds.isEmpty()) {
            return Optional.of(Rejection.BAD_SIGNATURE);
        }
        if (!isFresh(requestSeconds.getAsLong(), callback.receivedAt().getEpochSecond())) {
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

    /**
     * Whether {@code requestSeconds} lies within the freshness window of {@code nowSeconds}, either way. Both bounds
     * are compared, never a distance: {@code Math.abs} of a difference overflows ({@code Math.abs(Long.MIN_VALUE)} is
     * negative), and a bound beyond the range of a long is clamped to it.
     */
    boolean isFresh(long requestSeconds, long nowSeconds) {
        long window = Math.max(0, freshness.toSeconds());
        long earliest = nowSeconds < Long.MIN_VALUE + window ? Long.MIN_VALUE : nowSeconds - window;
        long latest = nowSeconds > Long.MAX_VALUE - window ? Long.MAX_VALUE : nowSeconds + window;
        return requestSeconds >= earliest && requestSeconds <= latest;
    }

    /** SdkAppid in its canonical form (ASCII digits, no sign, no leading zero), or null. */
    static Long parseApp(String sdkAppId) {
        OptionalLong app = Decimals.canonicalPositive(sdkAppId);
        return app.isPresent() ? app.getAsLong() : null;
    }

    /** When the request is later accepted: its app, already known to parse. */
    public static long app(Callback callback) {
        return parseApp(callback.sdkAppId());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
