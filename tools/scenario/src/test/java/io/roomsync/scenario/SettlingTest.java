package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a stack under the failover tool's load counts as settled: its commands' waits, not a fixed warm-up. */
class SettlingTest {

    /** A bound of 3 s on each wait, 20 s without a late command. */
    private static final Settling.Rule RULE = new Settling.Rule(3_000, 20_000);

    @Test
    void aLoadWhoseCommandsAllWaitedLessThanTheBoundIsSettledOnceTheStretchLasts() {
        // Given a load begun at 0, a command each second up to 20 s, each done 0.5 s (state) and 1 s (notice) later
        List<PauseFigures.Sample> samples = new java.util.ArrayList<>();
        for (long sent = 0; sent <= 20_000; sent += 1_000) {
            samples.add(new PauseFigures.Sample("a", sent, sent + 500, sent + 1_000));
        }

        // When judged at 22.5 s and at 23 s
        // Then the stretch reaches up to 3 s before now: 19.5 s, not yet settled; then 20 s, settled
        assertThat(Settling.judge(samples, 0, 22_500, RULE)).isEqualTo(new Settling.Verdict(19_500, 0, false));
        assertThat(Settling.judge(samples, 0, 23_000, RULE)).isEqualTo(new Settling.Verdict(20_000, 0, true));
    }

    @Test
    void aCommandThatWaitedLongerThanTheBoundForItsStateStartsTheStretchAgainAfterIt() {
        // Given a backlog: the command sent at 10 s waited 8 s for its state; the others 0.2 s
        List<PauseFigures.Sample> samples = List.of(new PauseFigures.Sample("a", 5_000, 5_200, 5_400),
                new PauseFigures.Sample("a", 10_000, 18_000, 18_100), new PauseFigures.Sample("b", 20_000, 20_200, 20_400));

        // When judged at 30 s
        // Then the stretch begins just after 10 s and reaches 27 s: 16,999 ms, one late command, not settled
        assertThat(Settling.judge(samples, 0, 30_000, RULE)).isEqualTo(new Settling.Verdict(16_999, 1, false));
    }

    @Test
    void aCommandWhoseNoticeCameLateCountsAsLateToo() {
        // Given a command whose state took 0.3 s and whose notice 4 s
        List<PauseFigures.Sample> samples = List.of(new PauseFigures.Sample("a", 1_000, 1_300, 5_000));

        // When judged at 10 s
        // Then it is late: the stretch runs from just after 1 s to 7 s
        assertThat(Settling.judge(samples, 0, 10_000, RULE)).isEqualTo(new Settling.Verdict(5_999, 1, false));
    }

    @Test
    void aCommandStillWaitingIsLateOnlyOnceItHasWaitedLongerThanTheBound() {
        // Given a command sent at 30 s with no state yet, and one sent at 38 s with its state and no notice yet
        List<PauseFigures.Sample> samples = List.of(new PauseFigures.Sample("a", 30_000, -1, -1),
                new PauseFigures.Sample("b", 38_000, 38_100, -1));

        // When judged at 40 s
        // Then the first (10 s without its state) is late, the second (2 s) not yet: the stretch runs from just after 30 s to 37 s
        assertThat(Settling.judge(samples, 0, 40_000, RULE)).isEqualTo(new Settling.Verdict(6_999, 1, false));
    }

    @Test
    void beforeTheBoundHasPassedThereIsNoStretch() {
        assertThat(Settling.judge(List.of(), 0, 2_000, RULE)).isEqualTo(new Settling.Verdict(0, 0, false));
    }

    @Test
    void aRuleWithoutAPositiveBoundOrStretchIsRefused() {
        assertThatThrownBy(() -> new Settling.Rule(0, 20_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bound and the steady stretch must be positive: 0, 20000");
    }
}
