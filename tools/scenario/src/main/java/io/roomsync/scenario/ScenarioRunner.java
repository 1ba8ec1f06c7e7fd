package io.roomsync.scenario;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Plays a scenario against a running system, with a fault drill in its middle if one is given, and waits for it to
 * settle: the convergence check is repeated until everything agrees or {@code settle} has passed, then the summary
 * and every difference left are printed, the callback ledger (every callback ingest acknowledged is on the
 * topic, once) is checked, and so is every dead-letter topic ({@code *.dlq}: nothing written to one since the scenario
 * began). The run passes when all three hold.
 */
public final class ScenarioRunner {

    /**
     * Fewest viewers a room's story needs: each of the first 13 (in the seeded shuffle) has a part (3 admins, 3 muted,
     * 1 banned, 5 who leave and rejoin, 1 flooder); spammers come from the viewers after them.
     */
    public static final int MIN_VIEWERS = 13;

    private ScenarioRunner() {
    }

    /** The outcome, for callers that assert on it. */
    public record Outcome(boolean converged, int members, int clientViews, int notices, java.util.List<String> differences,
                          Duration settledIn, long callbacksAcknowledged, long callbacksOnTopic, long callbacksLost,
                          long eventsDoubled, java.util.Map<String, Long> deadLetters) {
        /** Converged, no acknowledged callback lost or doubled, and no dead letter written (per .dlq topic: none). */
        public boolean passed() {
            return converged && callbacksLost == 0 && eventsDoubled == 0 && deadLetters.isEmpty();
        }
    }

    public static Outcome run(Endpoints at, int rooms, int viewers, long seed, Duration settle, PrintStream out)
            throws InterruptedException {
        return run(at, rooms, viewers, seed, Drill.NONE, settle, out);
    }

    /**
     * Plays {@code rooms} rooms of {@code viewers} viewers from {@code seed}, with {@code drill} struck in the middle,
     * and waits at most {@code settle} for convergence; the story and the verdict go to {@code out}.
     *
     * @throws SeedAlreadyPlayed if a room of this seed exists on the emulator already; nothing was played then
     * @throws IllegalArgumentException if {@code rooms} is below 1 or {@code viewers} below {@link #MIN_VIEWERS}
     */
    public static Outcome run(Endpoints at, int rooms, int viewers, long seed, Drill drill, Duration settle, PrintStream out)
            throws InterruptedException {
        if (rooms < 1 || viewers < MIN_VIEWERS) {
            throw new IllegalArgumentException("rooms must be at least 1 and viewers at least " + MIN_VIEWERS
                    + " (each of the first " + MIN_VIEWERS + " viewers has a part in the story)");
        }
        Scenario scenario = new Scenario(rooms, viewers, seed);
        scenario.ensureUnplayed(at);
        out.printf("scenario: %d room(s) x %d viewers, seed %d, %s%n", rooms, viewers, seed, drill.describe());
        CallbackLedger.Mark mark = CallbackLedger.open(at);
        DeadLetterCheck.Mark deadLetters = DeadLetterCheck.open(at);
        long started = System.nanoTime();
        Scenario.Played played;
        Convergence.Result result;
        long playedAt;
        try {
            played = scenario.play(at, drill, line -> out.println("  " + line));
            playedAt = System.nanoTime();
            out.printf("scenario: played in %.1f s; waiting for Tencent, role-sync and every client to agree (at most %d s)%n",
                    (playedAt - started) / 1e9, settle.toSeconds());
            long deadline = playedAt + settle.toNanos();
            while (true) {
                result = Convergence.check(at, played);
                if (result.converged() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(2_000);
            }
        } finally {
            if (drill.lastsToTheEnd()) {
                drill.recover();
                out.println("  fault: lifted");
            }
        }
        Duration settledIn = Duration.ofNanos(System.nanoTime() - playedAt);
        out.printf("convergence after %.1f s: %s%n", settledIn.toMillis() / 1000.0, result.summary());
        result.differences().stream().limit(30).forEach(difference -> out.println("  " + difference));
        if (result.differences().size() > 30) {
            out.printf("  ... and %d more%n", result.differences().size() - 30);
        }
        CallbackLedger.Result ledger = CallbackLedger.check(at, mark);
        out.println(ledger.summary());
        ledger.lost().forEach(id -> out.println("  acknowledged, not on the topic: event " + id));
        ledger.unacknowledgedExamples().forEach(event -> out.println("  on the topic, not acknowledged: " + event));
        DeadLetterCheck.Result dead = DeadLetterCheck.check(at, deadLetters);
        out.println(dead.summary());
        Outcome outcome = new Outcome(result.converged(), result.members(), result.clientViews(), result.notices(),
                result.differences(), settledIn, ledger.acknowledged(), ledger.onTopic(), ledger.lostCount(), ledger.doubled(),
                dead.written());
        out.println("scenario: " + (outcome.passed() ? "PASSED" : "FAILED"));
        return outcome;
    }
}
