package io.roomsync.timspring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service calls Tencent ({@code roomsync.tencent.*}); each option is the {@link io.roomsync.tim.TimClientConfig}
 * option of the same name, with its default.
 *
 * @param ratePerSecond  Tencent's per-API limit per app (200), of the whole deployment: each replica paces at its
 *                       share of it ({@link io.roomsync.tim.BudgetShare}), as learnt from {@code replicaGroup}
 * @param attributeWritesPerSecond Tencent's group attribute writes per app (5; 10049 beyond), shared the same way
 * @param replicaGroup   the service's own consumer group (its Kafka Streams {@code application.id}), whose members
 *                       tell how many replicas share the budgets; empty (the default): this process holds them whole
 * @param replicaRefresh how often the group's members are read again (5s), besides at once when the service's Kafka
 *                       Streams clients rebalance (as a replica joining or leaving makes them): the poll is the fallback
 *                       for what no rebalance shows
 * @param maxAttempts    attempts per call on retryable failures (5)
 * @param initialBackoff first retry wait (200ms), doubling up to {@code maxBackoff} (5s), with 50% jitter
 * @param maxBackoff     longest retry wait (5s)
 * @param readTimeout    wait for Tencent's answer (5s, above its 3 s processing time)
 * @param openStateWait  how long an open circuit breaker refuses calls (10s)
 */
@ConfigurationProperties("roomsync.tencent")
public record TencentProperties(@DefaultValue("200") int ratePerSecond, @DefaultValue("5") int attributeWritesPerSecond,
                                @DefaultValue("") String replicaGroup, @DefaultValue("5s") Duration replicaRefresh,
                                @DefaultValue("5") int maxAttempts,
                                @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("5s") Duration maxBackoff,
                                @DefaultValue("5s") Duration readTimeout, @DefaultValue("10s") Duration openStateWait) {
}
