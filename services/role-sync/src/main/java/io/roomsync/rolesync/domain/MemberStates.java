package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a member's permissions change: the only place versions are made. A change that alters nothing yields nothing
 * (no new version); one that alters something yields the next state with the version one higher and the cause
 * recorded. Pure: the caller decides when, and persists and publishes what comes out.
 */
public final class MemberStates {

    private MemberStates() {
    }

    /** The state of a member never changed before: a plain member, not present, version 0 (never published). */
    public static MemberState initial(long sdkAppId, String room, String member) {
        return MemberState.newBuilder().setSdkAppId(sdkAppId).setRoom(room).setMember(member)
                .setRole(MemberRole.MEMBER).setMutedUntil(null).setBannedUntil(null).setPresent(false)
                .setVersion(0).setCause("").setCauseKind(io.roomsync.contract.member.ChangeCause.UNKNOWN)
                .setChangedAt(Instant.EPOCH).build();
    }

    /** The next state after {@code change}, or empty when it changes nothing. */
    public static Optional<MemberState> apply(MemberState current, Change change, Cause cause) {
        MemberRole role = current.getRole();
        Instant mutedUntil = current.getMutedUntil();
        Instant bannedUntil = current.getBannedUntil();
        boolean present = current.getPresent();
        // (Java 17: no pattern switch; the sealed interface keeps this list complete by review, and the unit tests
        // cover every kind.)
        if (change instanceof Change.GrantAdmin) {
            role = role == MemberRole.OWNER ? role : MemberRole.ADMIN;
        } else if (change instanceof Change.RevokeAdmin) {
            role = role == MemberRole.ADMIN ? MemberRole.MEMBER : role;
        } else if (change instanceof Change.SetRole set) {
            role = set.role();
        } else if (change instanceof Change.MuteUntil mute) {
            mutedUntil = mute.until();
        } else if (change instanceof Change.Unmute) {
            mutedUntil = null;
        } else if (change instanceof Change.BanUntil ban) {
            bannedUntil = ban.until();
            present = false;
        } else if (change instanceof Change.Unban) {
            bannedUntil = null;
        } else if (change instanceof Change.Presence presence) {
            present = presence.present();
        } else if (change instanceof Change.Cleared) {
            role = MemberRole.MEMBER;
            mutedUntil = null;
            bannedUntil = null;
            present = false;
        } else if (change instanceof Change.Expire expire) {
            mutedUntil = endedBy(mutedUntil, expire.now()) ? null : mutedUntil;
            bannedUntil = endedBy(bannedUntil, expire.now()) ? null : bannedUntil;
        } else if (change instanceof Change.Observed observed) {
            if (observed.role() != null && role != MemberRole.OWNER) {
                role = observed.role();
            }
            mutedUntil = sameSecond(mutedUntil, observed.mutedUntil()) ? mutedUntil : observed.mutedUntil();
            if (!sameSecond(bannedUntil, observed.bannedUntil())) {
                bannedUntil = observed.bannedUntil();
                // A ban found at Tencent means the member was removed from the room.
                present = present && bannedUntil == null;
            }
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
        if (role == current.getRole() && Objects.equals(mutedUntil, current.getMutedUntil())
                && Objects.equals(bannedUntil, current.getBannedUntil()) && present == current.getPresent()) {
            return Optional.empty();
        }
        return Optional.of(MemberState.newBuilder(current).setRole(role).setMutedUntil(mutedUntil)
                .setBannedUntil(bannedUntil).setPresent(present).setVersion(current.getVersion() + 1)
                .setCause(cause.id()).setCauseKind(cause.kind()).setChangedAt(cause.at()).build());
    }

    /** Whether a mute or ban is in force at {@code now}. */
    public static boolean inForce(Instant until, Instant now) {
        return until != null && until.isAfter(now);
    }

    private static boolean endedBy(Instant until, Instant now) {
        return until != null && !until.isAfter(now);
    }

    /**
     * Tencent keeps mute and ban ends in whole seconds, roomsync in milliseconds, and a batched call asks for the latest
     * end of its commands ({@link Batching}): Tencent's end of a member is less than 2 s after the member's own (1 s
     * from batching, 1 s from rounding up). Two ends at most two whole seconds apart are the same end, and no
     * reconcile correction.
     */
    static boolean sameSecond(Instant ours, Instant theirs) {
        if (ours == null || theirs == null) {
            return ours == theirs;
        }
        return Math.abs(ours.getEpochSecond() - theirs.getEpochSecond()) <= 2;
    }
}
