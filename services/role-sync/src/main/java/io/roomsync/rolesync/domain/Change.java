package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberRole;
import java.time.Instant;

/** One change to one member's permissions, whatever caused it. */
public sealed interface Change {

    /** Made admin (an owner stays owner). */
    record GrantAdmin() implements Change {
    }

    /** No longer admin (an owner stays owner). */
    record RevokeAdmin() implements Change {
    }

    /** The role Tencent reported (member field change, reconcile). */
    record SetRole(MemberRole role) implements Change {
    }

    record MuteUntil(Instant until) implements Change {
    }

    record Unmute() implements Change {
    }

    /** Banned until then; a ban also removes the member from the room. */
    record BanUntil(Instant until) implements Change {
    }

    record Unban() implements Change {
    }

    /** In the room or not (join, exit, online, offline). */
    record Presence(boolean present) implements Change {
    }

    /** The room was destroyed: nothing of the member's permissions remains. */
    record Cleared() implements Change {
    }

    /** Mutes and bans that ran out by {@code now} end. */
    record Expire(Instant now) implements Change {
    }

    /**
     * What Tencent reported for the member (anti-entropy); null times mean none. A role of null leaves the role as it
     * is (Tencent's lists say nothing of owners).
     */
    record Observed(MemberRole role, Instant mutedUntil, Instant bannedUntil) implements Change {
    }
}
