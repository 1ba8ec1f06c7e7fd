package io.roomsync.rolesync.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One Tencent call for the oldest commands of one room ({@link Batching}): what to ask Tencent, and the queued commands
 * it applies, oldest first, each of which gets its own result when the call's answer is applied.
 *
 * @param roomKey  the room's key ({@link RoleSync#roomKey})
 * @param action   the Tencent API and its direction
 * @param seconds  a mute's or ban's length from the moment the call was planned to the latest end of its commands,
 *                 whole seconds ({@link Batching#seconds}; 0 otherwise)
 * @param reason   a ban's Description (null otherwise)
 * @param members  every account the commands name, each once, in the commands' order
 * @param commands the queued commands, oldest first (their {@link RoomQueues.Queued#input()} is a MemberCommand)
 * @param plannedAt when the call was planned (role-sync's clock): it reaches Tencent then or later
 * @param permit   the rate-limiter permit booked for it when it was planned ({@link CallPermits}), or
 *                 {@link CallPermits.Permit#AT_CALL} before that
 */
public record Call(String roomKey, long sdkAppId, String room, CommandRules.TencentAction action, long seconds,
                   String reason, List<String> members, List<RoomQueues.Queued> commands, Instant plannedAt,
                   CallPermits.Permit permit) {

    public Call {
        members = List.copyOf(members);
        commands = List.copyOf(commands);
        Objects.requireNonNull(permit, "permit");
    }

    /** This call with {@code booked}, the permit its planning booked for it. */
    Call withPermit(CallPermits.Permit booked) {
        return new Call(roomKey, sdkAppId, room, action, seconds, reason, members, commands, plannedAt, booked);
    }
}
