package io.roomsync.notices;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * notice-dispatch's settings ({@code roomsync.notices.*}).
 *
 * @param coalesceWindow     least time between the starts of a room's member-state messages (default 200ms): the
 *                           first change after a quiet spell goes at once, what arrives within the window after it (or
 *                           while its call is in flight) goes together in the next message
 * @param roomRatePerSecond  messages notice-dispatch sends to one room in any one second at most (default 5, of
 *                           the 40 a room carries; the rest is for chat)
 * @param maxMembersPerMessage members in one batch message (default 60: well inside Tencent's 12 KB)
 * @param maxFailures        failed attempts of a room's message before it goes to the dead-letter topic (default 8)
 * @param initialBackoff     wait after a room's first failed attempt, doubling each time (default 500ms)
 * @param maxBackoff         longest wait between attempts (default 30s)
 * @param snapshotParts      group attribute parts of the room snapshot, besides rs.meta (default 5)
 * @param snapshotInterval   a room's snapshot is rewritten at most this often (default 1s); all rooms together within
 *                           the app's attribute writes, Tencent's 5 a second shared by the replicas
 *                           ({@code roomsync.tencent.attribute-writes-per-second})
 * @param dedupeWindow       how long other services' notice ids are remembered (default 24h)
 * @param sweepInterval      how often notified versions no longer needed (members neither notable nor waiting) are
 *                           looked for and forgotten (default 10m; each sweep reads the notified versions whole)
 * @param maxInFlight        Tencent calls (messages and snapshot writes) in flight at once over all rooms of the process
 *                           (default 50: the Tencent client's connection pool, {@code maxConnections}; a call beyond it
 *                           would only queue inside the client, where it can no longer take in later changes, while a
 *                           room that waits here keeps coalescing). A room has one call in flight at most anyway.
 * @param tick               how often each stream task applies the calls that ended and starts what is due (default
 *                           20ms, wall clock). Kafka Streams runs punctuations only between polls, so a Tencent answer
 *                           waits up to about {@code tick} or the consumer's {@code poll.ms} (20 ms in application.yml),
 *                           whichever is longer, before the room's next call may start; shorter costs idle wake-ups
 */
@Validated
@ConfigurationProperties("roomsync.notices")
public record NoticeProperties(@DefaultValue("200ms") @NotNull Duration coalesceWindow,
                               @DefaultValue("5") @Min(1) int roomRatePerSecond,
                               @DefaultValue("60") @Min(1) int maxMembersPerMessage,
                               @DefaultValue("8") @Min(1) int maxFailures,
                               @DefaultValue("500ms") @NotNull Duration initialBackoff,
                               @DefaultValue("30s") @NotNull Duration maxBackoff,
                               @DefaultValue("5") @Min(1) int snapshotParts,
                               @DefaultValue("1s") @NotNull Duration snapshotInterval,
                               @DefaultValue("24h") @NotNull Duration dedupeWindow,
                               @DefaultValue("10m") @NotNull Duration sweepInterval,
                               @DefaultValue("50") @Min(1) int maxInFlight,
                               @DefaultValue("20ms") @NotNull Duration tick) {
}
