package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 14, case 7: when a callback time or a room's end no longer matters, and which callbacks a room end refuses. */
class StateRetentionTest {

    private static final Instant END = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void aCallbackStampedBeforeItsRoomEndedIsLate() {
        assertThat(StateRetention.beforeRoomEnd(END.minusMillis(1), Optional.of(END))).isTrue();
    }

    @Test
    void aCallbackStampedAtOrAfterTheEndIsAboutTheRoomCreatedAgain() {
        assertThat(StateRetention.beforeRoomEnd(END, Optional.of(END))).isFalse();
        assertThat(StateRetention.beforeRoomEnd(END.plusSeconds(1), Optional.of(END))).isFalse();
    }

    @Test
    void aCallbackWithoutEventTimeOrARoomWithoutEndIsNeverLate() {
        assertThat(StateRetention.beforeRoomEnd(null, Optional.of(END))).isFalse();
        assertThat(StateRetention.beforeRoomEnd(END, Optional.empty())).isFalse();
    }

    @Test
    void aTimeIsKeptUntilTheWindowHasPassedAndForgottenFromThen() {
        assertThat(StateRetention.outlived(END, END.plus(DAY).minusMillis(1), DAY)).isFalse();
        assertThat(StateRetention.outlived(END, END.plus(DAY), DAY)).isTrue();
        assertThat(StateRetention.outlived(END, END.plus(DAY).plusSeconds(1), DAY)).isTrue();
    }

    @Test
    void aTimeAheadOfRoleSyncsClockIsKept() {
        assertThat(StateRetention.outlived(END.plusSeconds(5), END, DAY)).isFalse();
    }

    @Test
    void aMemberIsOfTheRoomCreatedAgainOnlyByACallbackOrACommandAtOrAfterTheEnd() {
        // a callback at or after the end, whatever else is older
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.EVENT, END.plusSeconds(30)), List.of(END.minusSeconds(9), END), Optional.empty(), END)).isTrue();
        // a command Tencent applied at or after the end
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.COMMAND, END), List.of(), Optional.empty(), END)).isTrue();
        // not: callbacks before the end, even processed after it (a late destroy's room, delivered late itself)
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.EVENT, END.plusSeconds(30)), List.of(END.minusMillis(1)), Optional.empty(), END)).isFalse();
        // not: a command before the end, nor a reconcile or an expiry, which tell nothing of which room
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.COMMAND, END.minusMillis(1)), List.of(), Optional.empty(), END)).isFalse();
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.RECONCILE, END.plusSeconds(30)), List.of(), Optional.empty(), END)).isFalse();
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.EXPIRY, END.plusSeconds(30)), List.of(), Optional.empty(), END)).isFalse();
    }

    @Test
    void aCommandIsOfTheRoomItsCallWasPlannedForNotOfTheOneItsAnswerWasAppliedIn() {
        // a call planned before the end whose answer was applied after it: the old room's
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.COMMAND, END.plusSeconds(1)), List.of(),
                Optional.of(END.minusMillis(1)), END)).isFalse();
        // a call planned at the end: the new room's
        assertThat(StateRetention.ofLaterRoom(changed(ChangeCause.COMMAND, END.plusSeconds(1)), List.of(), Optional.of(END), END))
                .isTrue();
    }

    private static MemberState changed(ChangeCause cause, Instant at) {
        return MemberState.newBuilder().setSdkAppId(1400000000L).setRoom("live_1").setMember("alice").setRole(MemberRole.MEMBER)
                .setPresent(true).setVersion(2).setCause("x").setCauseKind(cause).setChangedAt(at).build();
    }
}
