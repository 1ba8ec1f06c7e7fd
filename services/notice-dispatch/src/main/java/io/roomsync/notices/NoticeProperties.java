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
 * @param coalesceWindow     changes of a room arriving within this window go out as one message (default 200ms)
 * @param roomRatePerSecond  messages notice-dispatch sends to one room in any one second at most (default 5, of
 *                           the 40 a room carries; the rest is for chat)
 * @param maxMembersPerMessage members in one batch message (default 60: well inside Tencent's 12 KB)
 * @param maxFailures        failed attempts of a room's message before it goes to the dead-letter topic (default 8)
 * @param initialBackoff     wait after a room's first failed attempt, doubling each time (default 500ms)
 * @param maxBackoff         longest wait between attempts (default 30s)
 * @param snapshotParts      group attribute parts of the room snapshot, besides rs.meta (default 5)
 * @param snapshotInterval   a room's snapshot is rewritten at most this often (default 1s)
 * @param snapshotRatePerSecond snapshot writes a second over all rooms (default 4: Tencent allows 5 and does not say
 *                           whether per room or per app)
 * @param dedupeWindow       how long other services' notice ids are remembered (default 24h)
 * @param sweepInterval      how often notified versions no longer needed (members neither notable nor waiting) are
 *                           looked for and forgotten (default 10m; each sweep reads the notified versions whole)
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
                               @DefaultValue("4") @Min(1) int snapshotRatePerSecond,
                               @DefaultValue("24h") @NotNull Duration dedupeWindow,
                               @DefaultValue("10m") @NotNull Duration sweepInterval) {
}
