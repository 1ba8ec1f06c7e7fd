package io.roomsync.rolesync;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * role-sync's settings ({@code roomsync.role-sync.*}).
 *
 * @param maxMute            longest mute a command may ask (default 30d)
 * @param maxBan             longest ban a command may ask (default 365d)
 * @param maxMembersPerCommand most members one command may name (default 500)
 * @param expiryCheckInterval how often ended mutes and bans are looked for (default 1s)
 * @param dedupeWindow       how long applied command, event and observation ids are remembered (default 24h); also
 *                           how long callback times and destroyed rooms' end times are kept for ordering late
 *                           callbacks (see {@link io.roomsync.rolesync.domain.StateRetention})
 * @param holdFailedCommandsFor how long after it was requested a command Tencent keeps failing is held and tried
 *                           again, with the later commands of its room behind it, before it is reported FAILED
 *                           (default 10m)
 * @param maxCallsInFlight   most Tencent calls role-sync has in flight at once, across all its tasks in the process
 *                           (default 64: Tencent takes 200 calls/s per API and app, and a call takes some 50-100 ms,
 *                           so about 20 in flight keep one API busy; 64 let the four command APIs run at once while
 *                           bounding connections and memory. Rooms beyond it wait, gauged as
 *                           {@code roomsync.rolesync.rooms.waiting.for.call})
 * @param batchWindow        how long after a room's previous call became ready (its permit or slot wait counted in) its next call of the same kind (what it
 *                           asks Tencent) waits for more commands to join it while the room is in a burst (two commands or more to send, one that came
 *                           while the previous call was in flight, or a previous call of several) (default 300ms: a spam wave of 500 mutes spread
 *                           over one second goes in 5 calls; a lone command and a full batch never wait; 0 turns it
 *                           off)
 * @param callCheckInterval  how often finished calls' answers are applied and new calls started (default 10ms; the
 *                           stream threads' {@code poll.ms} is set alike in application.yml, as punctuations run only
 *                           between polls)
 * @param stateSweepInterval how often callback times and room ends older than {@code dedupeWindow} are looked for
 *                           and deleted (default 10m; each sweep reads those two stores whole)
 * @param reconcileInterval  how often every known room is reconciled with Tencent (default 5m; 0 turns it off)
 * @param observationTopic   role-sync's internal topic of Tencent observations (default role-sync.reconcile-observations.v1)
 * @param resultsByIdTopic   role-sync's internal compacted topic of results by command id (default role-sync.command-results-by-id.v1)
 */
@Validated
@ConfigurationProperties("roomsync.role-sync")
public record RoleSyncProperties(@DefaultValue("30d") @NotNull Duration maxMute,
                                 @DefaultValue("365d") @NotNull Duration maxBan,
                                 @DefaultValue("500") @Min(1) int maxMembersPerCommand,
                                 @DefaultValue("1s") @NotNull Duration expiryCheckInterval,
                                 @DefaultValue("24h") @NotNull Duration dedupeWindow,
                                 @DefaultValue("10m") @NotNull Duration holdFailedCommandsFor,
                                 @DefaultValue("64") @Min(1) int maxCallsInFlight,
                                 @DefaultValue("300ms") @NotNull Duration batchWindow,
                                 @DefaultValue("10ms") @NotNull Duration callCheckInterval,
                                 @DefaultValue("5m") @NotNull Duration reconcileInterval,
                                 @DefaultValue("10m") @NotNull Duration stateSweepInterval,
                                 @DefaultValue("role-sync.reconcile-observations.v1") String observationTopic,
                                 @DefaultValue("role-sync.command-results-by-id.v1") String resultsByIdTopic) {
}
