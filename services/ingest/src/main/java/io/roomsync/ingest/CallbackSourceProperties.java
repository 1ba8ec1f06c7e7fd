package io.roomsync.ingest;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where callbacks may come from ({@code roomsync.ingest.callback-sources.*}; README, "Security"). Off by default.
 *
 * @param allowed        address ranges (CIDR or single addresses) callbacks may come from, e.g. Tencent's callback
 *                       egress ranges; empty (the default): any address
 * @param trustedProxies ranges of the proxies before ingest (load balancer, ingress controller) whose
 *                       {@code X-Forwarded-For} is believed; empty (the default): the header is ignored
 */
@ConfigurationProperties("roomsync.ingest.callback-sources")
public record CallbackSourceProperties(@DefaultValue List<String> allowed, @DefaultValue List<String> trustedProxies) {
}
