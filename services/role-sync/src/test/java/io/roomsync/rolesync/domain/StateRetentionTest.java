package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
