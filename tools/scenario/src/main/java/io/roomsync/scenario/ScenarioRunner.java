package io.roomsync.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The outcome, for callers that assert on it. {@code members} counts the browser pages' viewers too;
     * {@code browserPages} is how many pages were checked, and {@code pagesSettledIn} the longest any page took, from
     * its room's last command, to show its final state (the last member change it applied); null without pages or
     * when they did not converge.
     */
    public record Outcome(boolean converged, int members, int clientViews, int notices, int browserPages,
                          List<String> differences, Duration settledIn, Duration pagesSettledIn,
                          long callbacksAcknowledged, long callbacksOnTopic, long callbacksLost,
                          long eventsDoubled, Map<String, Long> deadLetters) {
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
        return run(at, rooms, viewers, seed, drill, 0, settle, out);
    }

    /**
     * As {@link #run(Endpoints, int, int, long, Drill, Duration, PrintStream)}, with {@code browserPages} real demo room
     * pages (headless Chromium, the emulator's {@code /web/demo/}) joining the rooms as viewers, spread over them in
     * turn: the operators mute the first page of each room and make its second admin, and the convergence check
     * requires what every page shows (every member's badges, its own viewer's state, chat input and admin controls)
     * to match, as for the simulated clients. Their convergence time is printed apart.
     *
     * @throws BrowserPagesUnavailable if {@code browserPages} is above 0 and Chromium, ChromeDriver or the demo page
     *                                 is missing; nothing was played then
     */
    public static Outcome run(Endpoints at, int rooms, int viewers, long seed, Drill drill, int browserPages, Duration settle,
                              PrintStream out) throws InterruptedException {
        if (rooms < 1 || viewers < MIN_VIEWERS) {
            throw new IllegalArgumentException("rooms must be at least 1 and viewers at least " + MIN_VIEWERS
                    + " (each of the first " + MIN_VIEWERS + " viewers has a part in the story)");
        }
        Scenario scenario = new Scenario(rooms, viewers, seed);
        // What is missing for browser pages is said before anything else is asked of the stack.
        try (BrowserPages pages = BrowserPages.check(at.demoPage(), browserPages, rooms)) {
            scenario.ensureUnplayed(at);
            return run(at, scenario, drill, pages, settle, out);
        }
    }

    private static Outcome run(Endpoints at, Scenario scenario, Drill drill, BrowserPages pages, Duration settle,
                               PrintStream out) throws InterruptedException {
        out.printf("scenario: %d room(s) x %d viewers%s, seed %d, %s%n", scenario.rooms(), scenario.viewers(),
                pages.count() == 0 ? "" : " and " + pages.count() + " browser pages", scenario.seed(), drill.describe());
        CallbackLedger.Mark mark = CallbackLedger.open(at);
        DeadLetterCheck.Mark deadLetters = DeadLetterCheck.open(at);
        long started = System.nanoTime();
        Scenario.Played played;
        Convergence.Result result;
        Map<String, List<PageView>> shown;
        long playedAt;
        try {
            played = scenario.play(at, drill, pages, line -> out.println("  " + line));
            playedAt = System.nanoTime();
            out.printf("scenario: played in %.1f s; waiting for Tencent, role-sync and every client to agree (at most %d s)%n",
                    (playedAt - started) / 1e9, settle.toSeconds());
            long deadline = playedAt + settle.toNanos();
            while (true) {
                shown = pages.read();
                result = Convergence.check(at, played, shown);
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
        Duration pagesSettledIn = null;
        if (pages.count() > 0) {
            pagesSettledIn = result.converged() ? slowestPage(played, shown) : null;
            out.println(pagesLine(played, shown, result.converged()));
        }
        CallbackLedger.Result ledger = CallbackLedger.check(at, mark);
        out.println(ledger.summary());
        ledger.lost().forEach(id -> out.println("  acknowledged, not on the topic: event " + id));
        ledger.unacknowledgedExamples().forEach(event -> out.println("  on the topic, not acknowledged: " + event));
        DeadLetterCheck.Result dead = DeadLetterCheck.check(at, deadLetters);
        out.println(dead.summary());
        Outcome outcome = new Outcome(result.converged(), result.members(), result.clientViews(), result.notices(),
                result.browserPages(), result.differences(), settledIn, pagesSettledIn, ledger.acknowledged(),
                ledger.onTopic(), ledger.lostCount(), ledger.doubled(), dead.written());
        out.println("scenario: " + (outcome.passed() ? "PASSED" : "FAILED"));
        return outcome;
    }

    /** How long after its room's last command each page showed its final state (its last applied change). */
    private static Map<String, Duration> pageTimes(Scenario.Played played, Map<String, List<PageView>> shown) {
        Map<String, Duration> times = new LinkedHashMap<>();
        shown.forEach((room, pages) -> pages.forEach(page -> times.put(page.user(),
                Duration.ofMillis(page.changedAt() - played.lastCommandAtByRoom().get(room)))));
        return times;
    }

    private static Duration slowestPage(Scenario.Played played, Map<String, List<PageView>> shown) {
        return pageTimes(played, shown).values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The browser pages' line of the report: how many, whether they agree, and each page's time once they do. */
    private static String pagesLine(Scenario.Played played, Map<String, List<PageView>> shown, boolean converged) {
        int count = shown.values().stream().mapToInt(List::size).sum();
        if (!converged) {
            return String.format("browser pages: %d in %d room(s), not all showing the final state (see above)", count,
                    shown.size());
        }
        Map<String, Duration> times = pageTimes(played, shown);
        return String.format("browser pages: %d in %d room(s) show the final state; each showed it at most %.2f s after its"
                        + " room's last command (%s)", count, shown.size(), slowestPage(played, shown).toMillis() / 1000.0,
                times.entrySet().stream().map(t -> String.format("%s %.2f s", t.getKey(), t.getValue().toMillis() / 1000.0))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }
}
