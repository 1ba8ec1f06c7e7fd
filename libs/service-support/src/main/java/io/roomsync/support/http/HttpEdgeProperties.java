package io.roomsync.support.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomsync.http.*}: the limits and the error shape of a service's HTTP port (README, "HTTP limits and errors").
 *
 * @param errorShape    the JSON of every error answer: {@code api} ({@code {"error":..}}) or {@code tencent} (ingest)
 * @param headerTimeout longest time from a connection's first byte of a request to its last header, and longest
 *                      silence before the first byte; a connection over it is closed. Default 10 s
 * @param bodyTimeout   longest time from the headers' end to the body's last byte; a body over it is refused
 *                      (408, or the service's own 4xx) and the connection closed. Default 10 s
 */
@ConfigurationProperties("roomsync.http")
public record HttpEdgeProperties(@DefaultValue("api") ErrorShape errorShape,
                                 @DefaultValue("10s") Duration headerTimeout,
                                 @DefaultValue("10s") Duration bodyTimeout) {
}
