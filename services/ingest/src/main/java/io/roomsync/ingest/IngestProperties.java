package io.roomsync.ingest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the callback edge ({@code roomsync.ingest.*}). The apps and their callback tokens are
 * {@code roomsync.im.apps}.
 *
 * @param requireSignature   refuse to start when an app has no callback token (default true); set false only where
 *                           callbacks reach ingest over a network no one else can use
 * @param signatureMaxAge    how far RequestTime may be from now, either way (default 5m; Tencent gives no window)
 * @param maxBodySize        largest body accepted (default 64KB; Tencent's messages are at most 12 KB)
 * @param publishTimeout     how long a callback waits for Kafka's acknowledgement before ingest answers 503
 *                           (default 1500ms, inside Tencent's 2 s callback timeout)
 * @param benchEndpoint      expose POST /bench/tencent-im/callback, the same checks and parsing without publishing,
 *                           for {@code make bench} (default false)
 * @param beforeSendVerdict  answer Group.CallbackBeforeSendMsg from the moderation policy (default true); false
 *                           allows every message, as before moderation existed
 */
@Validated
@ConfigurationProperties("roomsync.ingest")
public record IngestProperties(@DefaultValue("true") boolean requireSignature,
                               @DefaultValue("5m") @NotNull Duration signatureMaxAge,
                               @DefaultValue("64KB") @NotNull DataSize maxBodySize,
                               @DefaultValue("1500ms") @NotNull Duration publishTimeout,
                               @DefaultValue("false") boolean benchEndpoint,
                               @DefaultValue("true") boolean beforeSendVerdict) {
}
