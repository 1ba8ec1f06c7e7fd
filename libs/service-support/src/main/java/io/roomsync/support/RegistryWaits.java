package io.roomsync.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Runs one serde call (decode or encode through the schema registry) until it succeeds or fails for good: a failure
 * {@link DecodeFailures} judges {@link DecodeFailures.Verdict#WAIT} (registry down, 5xx, no route) is retried on the
 * same record after an exponential back-off (Spring's {@link ExponentialBackOff}: 500 ms, doubling, at most 10 s
 * between attempts, without end), so the record is neither dead-lettered nor skipped; any other failure is thrown at
 * once, as before (the dead-letter handler takes it).
 *
 * <p>While at least one call waits, {@link #waiting()} tells since when and why (the {@code schemaRegistry} readiness
 * indicator is DOWN), and every retry counts one in {@link #waits()} (metric {@code roomsync.registry.waits}). One
 * instance per service, shared by every serde of {@link AvroSerdes}.
 *
 * <p>Waiting happens on the caller's thread. A Kafka Streams thread waiting longer than {@code transaction.timeout.ms}
 * (10 s, roomsync-defaults.yml) or {@code max.poll.interval.ms} has its open transaction aborted or leaves its group: Kafka
 * Streams then closes the task, rejoins and reads again from the last commit, exactly once. After {@link #close()} (the
 * service stops), a waiting call throws its last failure instead of waiting on.
 */
public final class RegistryWaits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryWaits.class);

    /** An ongoing wait: since when the first waiting call started, and the last reason. */
    public record Waiting(Instant since, String reason, int calls) {
    }

    private final Supplier<BackOffExecution> backOff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicLong waits = new AtomicLong();
    private int waitingCalls;
    private Instant since;
    private String reason;
    private volatile boolean closed;

    /** Sleeps the given milliseconds; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** With the default back-off (500 ms doubling to 10 s) and the system clock. */
    public RegistryWaits() {
        this(RegistryWaits::defaultBackOff, Clock.systemUTC(), Thread::sleep);
    }

    public RegistryWaits(Supplier<BackOffExecution> backOff, Clock clock, Sleeper sleeper) {
        this.backOff = backOff;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    private static BackOffExecution defaultBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
        return backOff.start();
    }

    /**
     * The result of {@code call}, retried while its failure is a {@link DecodeFailures.Verdict#WAIT}.
     *
     * @throws RuntimeException the call's failure when it is {@link DecodeFailures.Verdict#DEAD_LETTER}, or the last
     *                          one when the waits were closed or the thread interrupted (the interrupt is kept)
     */
    public <T> T call(Supplier<T> call) {
        BackOffExecution execution = null;
        boolean counted = false;
        try {
            while (true) {
                try {
                    return call.get();
                } catch (RuntimeException failure) {
                    if (DecodeFailures.classify(failure) != DecodeFailures.Verdict.WAIT || closed) {
                        throw failure;
                    }
                    String why = DecodeFailures.reason(failure);
                    if (!counted) {
                        started(why);
                        counted = true;
                        execution = backOff.get();
                    } else {
                        still(why);
                    }
                    waits.incrementAndGet();
                    try {
                        sleeper.sleep(execution.nextBackOff());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw failure;
                    }
                }
            }
        } finally {
            if (counted) {
                ended();
            }
        }
    }

    /** The ongoing wait, if a call waits now. */
    public synchronized Optional<Waiting> waiting() {
        return waitingCalls == 0 ? Optional.empty() : Optional.of(new Waiting(since, reason, waitingCalls));
    }

    /** Retries so far: one per failed attempt that was followed by a wait. */
    public long waits() {
        return waits.get();
    }

    /** The service stops: waiting calls give up after their current sleep. */
    @Override
    public void close() {
        closed = true;
    }

    private synchronized void started(String why) {
        if (waitingCalls == 0) {
            since = clock.instant();
            log.warn("Waiting for the schema registry ({}); records are retried, not dead-lettered", why);
        }
        waitingCalls++;
        reason = why;
    }

    private synchronized void still(String why) {
        reason = why;
    }

    private synchronized void ended() {
        waitingCalls--;
        if (waitingCalls == 0) {
            log.info("The schema registry answers again after waiting since {}", since);
            since = null;
            reason = null;
        }
    }
}
