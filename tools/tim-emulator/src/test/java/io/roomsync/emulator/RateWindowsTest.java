package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tencent's per-second limits as sliding windows of one second. */
class RateWindowsTest {

    private final RateWindows windows = new RateWindows();

    @Test
    void aSecondAcrossAWallClockBoundaryHoldsNoMoreThanTheLimit() {
        // Given 5 calls late in one wall-clock second
        for (int i = 0; i < 5; i++) {
            assertThat(windows.tryTake("app/api", 5, 900 + i)).isTrue();
        }
        // Then a call early in the next wall-clock second is refused (a counter per wall-clock second would take it)
        assertThat(windows.tryTake("app/api", 5, 1100)).isFalse();
        // And one a second after the first is taken
        assertThat(windows.tryTake("app/api", 5, 1900)).isTrue();
        assertThat(windows.tryTake("app/api", 5, 1900)).isFalse();
    }

    @Test
    void keysAreCountedApart() {
        assertThat(windows.tryTake("a", 1, 0)).isTrue();
        assertThat(windows.tryTake("b", 1, 0)).isTrue();
        assertThat(windows.tryTake("a", 1, 999)).isFalse();
    }

    @Test
    void aCallGivenBackFreesItsPlace() {
        assertThat(windows.tryTake("a", 2, 10)).isTrue();
        assertThat(windows.tryTake("a", 2, 20)).isTrue();
        windows.giveBack("a", 20);
        assertThat(windows.tryTake("a", 2, 30)).isTrue();
        assertThat(windows.tryTake("a", 2, 40)).isFalse();
    }

    @Test
    void thePeakIsTheMostCallsTakenInAnyOneSecond() {
        windows.tryTake("a", 10, 0);
        windows.tryTake("a", 10, 500);
        windows.tryTake("a", 10, 999);
        windows.tryTake("a", 10, 1600);
        assertThat(windows.peaks()).isEqualTo(Map.of("a", 3));
    }
}
