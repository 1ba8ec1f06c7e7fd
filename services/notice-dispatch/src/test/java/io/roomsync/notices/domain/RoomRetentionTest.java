package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 14, case 7: which of notice-dispatch's per-member and per-room entries are still needed. */
class RoomRetentionTest {

    @Test
    void aNotifiedVersionIsKeptWhileTheMemberIsNotableOrWaiting() {
        assertThat(RoomRetention.keepNotified(true, false)).isTrue();
        assertThat(RoomRetention.keepNotified(false, true)).isTrue();
        assertThat(RoomRetention.keepNotified(true, true)).isTrue();
        assertThat(RoomRetention.keepNotified(false, false)).isFalse();
    }

    @Test
    void aSnapshotTimeIsDroppedOnceItHoldsNoSnapshotBack() {
        assertThat(RoomRetention.snapshotTimeOutlived(1000, 1999, Duration.ofSeconds(1))).isFalse();
        assertThat(RoomRetention.snapshotTimeOutlived(1000, 2000, Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aBudgetIsIdleOnceItsLastSendIsASecondOld() {
        RoomBudget budget = new RoomBudget(2);
        assertThat(budget.idle(0)).isTrue();
        budget.tryTake(1000);
        assertThat(budget.idle(1999)).isFalse();
        assertThat(budget.idle(2000)).isTrue();
    }
}
