package io.roomsync.timspring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service calls Tencent ({@code roomsync.tencent.*}); each option is the {@link io.roomsync.tim.TimClientConfig}
 * option of the same name, with its default.
 *
 * @param ratePerSecond  Tencent's per-API limit (200); the client paces at 90% of it. With several replicas, set it to
 *                       the replica's share of the limit
 * @param maxAttempts    attempts per call on retryable failures (5)
 * @param initialBackoff first retry wait (200ms), doubling up to {@code maxBackoff} (5s), with 50% jitter
 * @param maxBackoff     longest retry wait (5s)
 * @param readTimeout    wait for Tencent's answer (5s, above its 3 s processing time)
 * @param openStateWait  how long an open circuit breaker refuses calls (10s)
 */
@ConfigurationProperties("roomsync.tencent")
public record TencentProperties(@DefaultValue("200") int ratePerSecond, @DefaultValue("5") int maxAttempts,
                                @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("5s") Duration maxBackoff,
                                @DefaultValue("5s") Duration readTimeout, @DefaultValue("10s") Duration openStateWait) {
}
