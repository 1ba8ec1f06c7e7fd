package io.roomsync.notices.domain;

import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.Objects;

/**
 * One member's permissions as clients receive them: the fields of the notice protocol's {@code member.state}.
 *
 * @param changedAt when role-sync made the change (for the end-to-end latency; not sent to clients)
 */
public record MemberNotice(String user, String role, Long mutedUntil, Long bannedUntil, long version, long changedAt) {

    /** What clients assume of a member they hold nothing for: a plain member, version 0. */
    public static final MemberNotice PLAIN = new MemberNotice("", "MEMBER", null, null, 0, 0);

    public static MemberNotice of(MemberState state) {
        return new MemberNotice(state.getMember(), state.getRole().name(), millis(state.getMutedUntil()),
                millis(state.getBannedUntil()), state.getVersion(), state.getChangedAt().toEpochMilli());
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** Whether clients would show both alike: same role, same mute end, same ban end. */
    public boolean samePermissions(MemberNotice other) {
        return role.equals(other.role) && Objects.equals(mutedUntil, other.mutedUntil)
                && Objects.equals(bannedUntil, other.bannedUntil);
    }

    /** Worth a place in the room snapshot: an admin or owner, or muted or banned at {@code nowMillis}. */
    public boolean notable(long nowMillis) {
        return !"MEMBER".equals(role) || (mutedUntil != null && mutedUntil > nowMillis)
                || (bannedUntil != null && bannedUntil > nowMillis);
    }
}
