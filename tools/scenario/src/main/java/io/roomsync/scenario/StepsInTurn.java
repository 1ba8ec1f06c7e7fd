package io.roomsync.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A drill of several steps ({@link Drill#steps}) played on a thread of its own, one step after another (strike, hold,
 * recover, which waits until the part serves again), while the scenario goes on beside it: the audience chats, the
 * operators command. A failing step stops the rest; {@link #finish} reports it.
 */
final class StepsInTurn {

    private final CompletableFuture<Void> done;
    private final CountDownLatch firstStruck = new CountDownLatch(1);

    private StepsInTurn(Drill drill, Consumer<String> narrative) {
        this.done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                for (Drill step : drill.steps()) {
                    narrative.accept("fault: " + step.describe());
                    step.strike();
                    firstStruck.countDown();
                    pause(step.hold());
                    step.recover();
                    narrative.accept("fault: recovered (" + step.describe() + ")");
                }
                done.complete(null);
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            } finally {
                firstStruck.countDown();
            }
        }, "drill-steps");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts playing {@code drill}'s steps. */
    static StepsInTurn start(Drill drill, Consumer<String> narrative) {
        return new StepsInTurn(drill, narrative);
    }

    /** Waits until the first step has struck (or the steps failed before it). */
    void awaitFirstStrike() {
        try {
            firstStruck.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether steps remain to be played. */
    boolean playing() {
        return !done.isDone();
    }

    /**
     * Waits until every step was played.
     *
     * @throws IllegalStateException naming the step's failure, if one failed
     */
    void finish() {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step of the drill failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
