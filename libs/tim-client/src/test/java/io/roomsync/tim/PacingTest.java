package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 19, 22, 50, 100, 200, 1000})
    void noOneSecondWindowExceedsTheLimit(int limit) {
        TimCaller.Pacing pacing = TimCaller.Pacing.of(limit);
        long slicesInASecond = Duration.ofSeconds(1).toNanos() / pacing.slice().toNanos() + 1;
        assertThat(slicesInASecond * pacing.permits()).isLessThanOrEqualTo(limit);
        assertThat(pacing.permits()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 200})
    void usesAtLeastFourFifthsOfTheLimit(int limit) {
        TimCaller.Pacing pacing = TimCaller.Pacing.of(limit);
        double perSecond = pacing.permits() * 1000.0 / pacing.slice().toMillis();
        assertThat(perSecond).isGreaterThanOrEqualTo(limit * 0.8);
    }
}
