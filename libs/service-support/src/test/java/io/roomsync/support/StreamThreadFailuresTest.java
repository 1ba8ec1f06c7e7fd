package io.roomsync.support;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a stream thread's death leads to: a new thread for what a broker outage causes, the client's end otherwise. */
class StreamThreadFailuresTest {

    private static final Instant START = Instant.parse("2026-11-30T07:40:41Z");

    private Instant now = START;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final StreamThreadFailures failures = new StreamThreadFailures(3, Duration.ofMinutes(10), clock);

    /** Kafka Streams' wrapping of a commit that failed, as role-sync logged it after a broker restart. */
    private static StreamsException commitFailed(Throwable cause) {
        return new StreamsException("Error encountered trying to commit a transaction [stream-thread [main]]", cause);
    }

    @Test
    void aTransactionTheBrokerAbortedDuringAnOutageReplacesTheThread() {
        // Given the broker was stopped longer than transaction.timeout.ms: the restarted coordinator aborted the open
        // transaction, and the thread's commit got InvalidTxnStateException (its producer is in a fatal state)
        StreamsException failure = commitFailed(new InvalidTxnStateException(
                "The producer attempted a transactional operation in an invalid state."));

        // When the thread dies of it
        var response = failures.decide(failure, false, "roomsync-role-sync-StreamThread-2");

        // Then a new thread takes its tasks; nothing shuts the client down
        assertThat(response).isEqualTo(REPLACE_THREAD);
        assertThat(failures.replaced()).isEqualTo(1);
        assertThat(failures.shutDown()).isZero();
    }

    static Stream<Throwable> outageFailures() {
        return Stream.of(new TransactionAbortableException("Transaction Request was aborted"),
                new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)"),
                // Kafka Streams usually turns this one into a migrated task itself; should it reach the handler
                new ProducerFencedException("There is a newer producer with the same transactionalId"));
    }

    @ParameterizedTest
    @MethodSource("outageFailures")
    void everyProducerFailureABrokerOutageCausesReplacesTheThread(Throwable cause) {
        assertThat(failures.decide(commitFailed(cause), false, "StreamThread-1")).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void aRetriableErrorThatComesBackAtTheSameOffsetShutsTheClientDown() {
        // Given a corrupt record (a RetriableException that a new thread would meet again at the same offset, after a
        // full restore of its tasks' stores each time)
        StreamsException failure = new StreamsException("Exception caught in process",
                new CorruptRecordException("Record size is less than the minimum record overhead"));

        // Then the client shuts down instead of replacing the thread again and again
        assertThat(failures.decide(failure, false, "StreamThread-1")).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void aProcessorsBugShutsTheClientDown() {
        // Given a processor threw a NullPointerException (a new thread would meet the same record and throw again)
        StreamsException failure = new StreamsException("Exception caught in process", new NullPointerException("room"));

        // Then the client shuts down (and liveness goes DOWN, so the replica is restarted)
        assertThat(failures.decide(failure, false, "StreamThread-1")).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(failures.shutDown()).isEqualTo(1);
        assertThat(failures.replaced()).isZero();
    }

    @Test
    void anErrorShutsTheClientDown() {
        assertThat(failures.decide(new OutOfMemoryError("Java heap space"), false, "StreamThread-1")).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void theGlobalThreadCannotBeReplacedSoItsClientShutsDown() {
        // Given a global-table client's thread (role-sync's views) ended by a transient failure
        StreamsException failure = commitFailed(new TimeoutException("Timeout expired while fetching topic metadata"));

        // Then the client shuts down: Kafka Streams replaces stream threads only
        assertThat(failures.decide(failure, true, "roomsync-role-sync-member-view-GlobalStreamThread")).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void aFailureThatComesBackAfterTheAllowedReplacementsShutsTheClientDownUntilTheWindowPasses() {
        // Given 3 replacements allowed within 10 minutes, all used in the last 9 minutes
        StreamsException failure = commitFailed(new InvalidTxnStateException("invalid state"));
        for (int minute = 0; minute < 3; minute++) {
            now = START.plus(Duration.ofMinutes(3L * minute));
            assertThat(failures.decide(failure, false, "StreamThread-1")).isEqualTo(REPLACE_THREAD);
        }

        // When a fourth comes a minute after the third: the client shuts down
        now = START.plus(Duration.ofMinutes(7));
        assertThat(failures.decide(failure, false, "StreamThread-1")).isEqualTo(SHUTDOWN_CLIENT);

        // And one that comes 10 minutes after the first replacement finds that one out of the window: replaced again
        now = START.plus(Duration.ofMinutes(10));
        assertThat(failures.decide(failure, false, "StreamThread-1")).isEqualTo(REPLACE_THREAD);
        assertThat(failures.replaced()).isEqualTo(4);
        assertThat(failures.shutDown()).isEqualTo(1);
    }

    @Test
    void aStaticMembersReplacedThreadLeavesTheGroupUnderItsOwnName() throws Exception {
        // Given role-sync's client, a static member named role-sync-1, whose thread 2 dies of an aborted transaction
        List<String> removed = new CopyOnWriteArrayList<>();
        StreamThreadFailures withRemovals = new StreamThreadFailures(3, Duration.ofMinutes(10), clock,
                (thread, config, group, member, live) -> removed.add(thread.getName() + " " + group + " " + member + " " + live.get()));
        Properties config = new Properties();
        config.setProperty("application.id", "roomsync-role-sync");
        config.setProperty("group.instance.id", "role-sync-1");
        var handler = withRemovals.forClient(config, () -> Set.of("roomsync-role-sync-5b4e9cec-StreamThread-4"));

        // When the handler answers on that thread
        var response = onThread("roomsync-role-sync-5b4e9cec-StreamThread-2",
                () -> handler.handle(commitFailed(new InvalidTxnStateException("invalid state"))));

        // Then the thread is replaced and its member role-sync-1-2 is removed from group roomsync-role-sync, with a way
        // to read the client's live threads at the time of the removal
        assertThat(response).isEqualTo(REPLACE_THREAD);
        assertThat(removed).containsExactly("roomsync-role-sync-5b4e9cec-StreamThread-2 roomsync-role-sync role-sync-1-2 "
                + "[roomsync-role-sync-5b4e9cec-StreamThread-4]");

        // And a thread ended by a bug shuts the client down without removing anything
        assertThat(onThread("roomsync-role-sync-5b4e9cec-StreamThread-3",
                () -> handler.handle(new StreamsException("Exception caught in process", new IllegalStateException())))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(removed).hasSize(1);
    }

    @Test
    void aDynamicMembersClientGetsTheDecisionAlone() {
        // Given a client without group.instance.id: its dead thread's member leaves as Kafka Streams has it leave
        Properties config = new Properties();
        config.setProperty("application.id", "roomsync-notice-dispatch");

        // Then its handler is the shared decision itself, with nothing to remove
        assertThat(failures.forClient(config, Set::of)).isSameAs(failures);
    }

    private static <T> T onThread(String name, java.util.function.Supplier<T> work) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> result.set(work.get()), name);
        thread.start();
        thread.join();
        return result.get();
    }
}
