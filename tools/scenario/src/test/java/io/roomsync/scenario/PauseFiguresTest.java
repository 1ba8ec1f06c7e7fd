package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover pause's figures from the commands of a window. */
class PauseFiguresTest {

    @Test
    void aWindowGivesItsLongestAndMedianWaitsAndTheRoomsOfTheLongest() {
        // Given three commands: 100/300 ms, 200/400 ms, and one in room b that waited 5 s for its state, 6 s for its notice
        List<PauseFigures.Sample> samples = List.of(new PauseFigures.Sample("a", 1000, 1100, 1300),
                new PauseFigures.Sample("a", 2000, 2200, 2400), new PauseFigures.Sample("b", 3000, 8000, 9000));

        // When summarised, counting rooms with a notice later than 1 s
        PauseFigures.Window window = PauseFigures.of(samples, 1000);

        // Then
        assertThat(window).isEqualTo(new PauseFigures.Window(3, 0, 5000, "b", 200, 6000, "b", 400, 1, 1000));
        assertThat(window.describe()).isEqualTo("state max  5,000 ms (median   200), notice max  6,000 ms (median   400); 3 commands, 1 rooms over 1000 ms");
    }

    @Test
    void aCommandNeverResolvedIsCountedApartFromTheWaits() {
        // Given one command resolved and one whose notice never came
        List<PauseFigures.Sample> samples = List.of(new PauseFigures.Sample("a", 0, 100, 300), new PauseFigures.Sample("a", 0, 150, -1));

        // Then the waits are the resolved one's, and one is unresolved
        PauseFigures.Window window = PauseFigures.of(samples, 0);
        assertThat(window).isEqualTo(new PauseFigures.Window(2, 1, 100, "a", 100, 300, "a", 300, 0, 0));
        assertThat(window.describe()).endsWith("; 2 commands, 1 UNRESOLVED");
    }

    @Test
    void theRatioIsTheFaultsLongestWaitsOverTheBaselines() {
        PauseFigures.Window baseline = new PauseFigures.Window(600, 0, 400, "a", 100, 1000, "a", 300, 0, 0);
        PauseFigures.Window fault = new PauseFigures.Window(1200, 0, 5000, "b", 120, 12500, "c", 350, 4, 2000);

        assertThat(PauseFigures.ratio(fault, baseline)).contains("12.5x / 12.5x");
    }

    @Test
    void aWindowSplitsAtTheMomentTheStruckReplicasWereBack() {
        // Given commands sent at 1 s, 2 s and 3 s
        PauseFigures.Sample first = new PauseFigures.Sample("a", 1000, 1100, 1300);
        PauseFigures.Sample second = new PauseFigures.Sample("b", 2000, 9000, 9500);
        PauseFigures.Sample third = new PauseFigures.Sample("a", 3000, 3100, 3200);
        List<PauseFigures.Sample> samples = List.of(first, second, third);

        // When split at 2 s
        // Then the part before holds the command sent at 1 s, the part from 2 s on the other two, in order
        assertThat(PauseFigures.sentBetween(samples, 0, 2000)).containsExactly(first);
        assertThat(PauseFigures.sentBetween(samples, 2000, Long.MAX_VALUE)).containsExactly(second, third);
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> PauseFigures.of(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no command in the window");
    }
}
