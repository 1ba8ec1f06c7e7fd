package io.roomsync.ingest.domain;

import java.time.Instant;

/**
 * A callback as it arrived: Tencent's query parameters and the body bytes. Everything is as sent (strings, possibly
 * null); checking and parsing are the job of {@link CallbackCheck} and {@link CallbackParser}.
 *
 * @param sdkAppId    SdkAppid query parameter
 * @param command     CallbackCommand query parameter
 * @param sign        Sign query parameter (only with callback authentication)
 * @param requestTime RequestTime query parameter, Unix seconds (only with callback authentication)
 * @param clientIp    ClientIP query parameter
 * @param optPlatform OptPlatform query parameter
 * @param body        the request body
 * @param receivedAt  when ingest received it
 */
public record Callback(String sdkAppId, String command, String sign, String requestTime, String clientIp,
                       String optPlatform, byte[] body, Instant receivedAt) {
}
