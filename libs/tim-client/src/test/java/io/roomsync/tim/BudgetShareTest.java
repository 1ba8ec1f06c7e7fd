package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How replicas split one (app, API) budget of Tencent's: exact paces for the limits roomsync meets. */
class BudgetShareTest {

    @ParameterizedTest(name = "{0}/s among {1}: {2} per {3} ms, worst second {4}")
    @CsvSource({
            // limit, replicas, permits, slice ms, worst second (all replicas), strict
            "200, 1, 9, 50, 189, true",    // one process: 180/s, as before replicas shared
            "200, 2, 5, 56, 190, true",    // 89/s each
            "200, 3, 3, 50, 189, true",    // 60/s each
            "200, 4, 3, 72, 180, true",    // 41.7/s each
            "200, 5, 2, 56, 190, true",    // 35.7/s each
            "200, 12, 1, 72, 180, true",   // 13.9/s each: the worst second (190 at most) binds
            "5, 1, 1, 334, 4, true",       // attribute writes, one replica: 3/s, a second sees 4 at most
            "5, 2, 1, 1000, 4, true",      // two replicas: 1/s each
            "5, 3, 1, 1500, 6, false",     // three: 2n does not fit the cap; half of it on average
            "1, 1, 1, 2000, 2, false",
    })
    void paceOfOneReplica(int limit, int replicas, int permits, long sliceMillis, int worst, boolean strict) {
        BudgetShare share = BudgetShare.of(limit, replicas);
        assertThat(share).isEqualTo(new BudgetShare(permits, Duration.ofMillis(sliceMillis), worst, strict));
    }

    @Test
    void theWorstSecondOfEveryStrictShareStaysWithinTheLimitLessItsMargin() {
        for (int limit : new int[] {1, 2, 5, 10, 40, 200, 1000}) {
            for (int replicas = 1; replicas <= 12; replicas++) {
                BudgetShare share = BudgetShare.of(limit, replicas);
                long slice = share.slice().toMillis();
                long cycles = (1000 + slice - 1) / slice + 1;
                assertThat(share.worstSecond()).isEqualTo(replicas * share.permits() * (int) cycles);
                if (share.strict()) {
                    assertThat(share.worstSecond()).as("%d/s among %d", limit, replicas)
                            .isLessThanOrEqualTo(BudgetShare.cap(limit));
                }
                assertThat(share.perSecond() * replicas).as("%d/s among %d: average", limit, replicas)
                        .isLessThanOrEqualTo(limit * 0.9);
            }
        }
    }

    @Test
    void everyShareOf200IsUsedAtLeastFourFifths() {
        for (int replicas = 1; replicas <= 12; replicas++) {
            BudgetShare share = BudgetShare.of(200, replicas);
            assertThat(share.perSecond() * replicas).as("among %d", replicas).isGreaterThanOrEqualTo(160);
        }
    }

    @Test
    void aLimitOrReplicaCountBelowOneIsRefused() {
        assertThatThrownBy(() -> BudgetShare.of(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BudgetShare.of(200, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
