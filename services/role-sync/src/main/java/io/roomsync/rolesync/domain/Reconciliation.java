package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Anti-entropy: what Tencent says of a room (its admins, mutes and bans, read at {@code observedAt}) against what
 * roomsync holds. After-callbacks can be lost and anyone with the admin key can change Tencent directly; Tencent is
 * the truth for what it enforces. A member whose state changed after the observation was read is left alone: the
 * observation is older than what roomsync knows of it.
 */
public final class Reconciliation {

    /** What Tencent said of one room. */
    public record Observation(Set<String> admins, Map<String, Instant> mutedUntil, Map<String, Instant> bannedUntil,
                              Instant observedAt) {
    }

    private Reconciliation() {
    }

    /** The corrections to make; applying each yields a new version only where something really differs. */
    public static List<MemberChange> corrections(Map<String, MemberState> known, Observation observation) {
        Set<String> members = new LinkedHashSet<>(known.keySet());
        members.addAll(observation.admins());
        members.addAll(observation.mutedUntil().keySet());
        members.addAll(observation.bannedUntil().keySet());
        List<MemberChange> changes = new ArrayList<>();
        for (String member : members) {
            MemberState state = known.get(member);
            if (state != null && state.getChangedAt().isAfter(observation.observedAt())) {
                continue;
            }
            MemberRole role = observation.admins().contains(member) ? MemberRole.ADMIN
                    : Optional.ofNullable(state).map(MemberState::getRole).filter(r -> r == MemberRole.ADMIN)
                            .map(r -> MemberRole.MEMBER).orElse(null);
            Instant muted = inForce(observation.mutedUntil().get(member), observation.observedAt());
            Instant banned = inForce(observation.bannedUntil().get(member), observation.observedAt());
            changes.add(new MemberChange(member, new Change.Observed(role, muted, banned)));
        }
        return changes;
    }

    private static Instant inForce(Instant until, Instant at) {
        return until != null && until.isAfter(at) ? until : null;
    }
}
