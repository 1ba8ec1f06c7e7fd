package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberRole;
import io.roomsync.rolesync.domain.CallbackOrder.Aspect;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbackOrderTest {

    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void onlyACallbackOlderThanTheNewestAppliedIsStale() {
        assertThat(CallbackOrder.isStale(T.minusMillis(1), Optional.of(T))).isTrue();
        assertThat(CallbackOrder.isStale(T, Optional.of(T))).as("equal times apply, in arrival order").isFalse();
        assertThat(CallbackOrder.isStale(T.plusMillis(1), Optional.of(T))).isFalse();
        assertThat(CallbackOrder.isStale(T, Optional.empty())).as("nothing applied yet").isFalse();
        assertThat(CallbackOrder.isStale(null, Optional.of(T))).as("no EventTime: arrival order").isFalse();
    }

    @Test
    void presenceAndRoleAreOrderedApartAndARoomsEndOrdersBoth() {
        assertThat(CallbackOrder.aspects(new Change.Presence(true))).containsExactly(Aspect.PRESENCE);
        assertThat(CallbackOrder.aspects(new Change.SetRole(MemberRole.ADMIN))).containsExactly(Aspect.ROLE);
        assertThat(CallbackOrder.aspects(new Change.Cleared())).containsExactly(Aspect.PRESENCE, Aspect.ROLE);
        assertThat(CallbackOrder.aspects(new Change.GrantAdmin())).as("commands are not ordered by EventTime").isEmpty();
        assertThat(CallbackOrder.aspects(new Change.BanUntil(T))).isEmpty();
    }
}
