package io.roomsync.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kafka Streams client of a roomsync service does when one of its stream threads dies of an exception: set on
 * every client in place of the Spring Cloud Stream binder's handler, which answers {@code SHUTDOWN_CLIENT} to anything
 * and so leaves a process up whose every stream thread is dead, processing nothing until someone restarts it.
 *
 * <p>The rule: a failure a broker outage causes, which a new thread recovers from, answers {@code REPLACE_THREAD}: the
 * thread's tasks are closed dirty (under exactly-once their stores are wiped) and taken by a new thread, which restores
 * them and resumes each from its last committed transaction; nothing the dead thread did after that commit is visible,
 * and role-sync repeats the Tencent calls whose answers were not committed (every call sets an end state). The new
 * thread gets the next free thread index, so a new {@code transactional.id} and, for a static member, a new
 * {@code group.instance.id}; exactly-once still holds, as the dead thread's producer is fenced through the group
 * generation it commits offsets with. These failures, found anywhere in the exception's causes, are the producer's
 * transaction errors ({@code InvalidTxnStateException}: the commit of a transaction the coordinator aborted, e.g.
 * because a broker was down longer than {@code transaction.timeout.ms}, as role-sync met after a broker restart;
 * {@code TransactionAbortableException}, {@code TransactionAbortedException}; and, should Kafka Streams not turn
 * them into a migrated task as it usually does, {@code ProducerFencedException}, {@code InvalidProducerEpochException},
 * {@code OutOfOrderSequenceException}, {@code UnknownProducerIdException}) and a {@code TimeoutException} (a commit or
 * send that outlived the outage). Not any {@code RetriableException}: some of those ({@code CorruptRecordException},
 * an unknown topic) come back at the same offset, and each replacement costs its tasks a full restore.
 *
 * <p>Everything else (a bug, an {@code Error}, a failure of the global thread, which Kafka Streams cannot replace)
 * answers {@code SHUTDOWN_CLIENT}, as does a transient failure once {@code maxReplacements} threads were replaced
 * within {@code window} (a failure that comes back at once is not one a new thread fixes): the client goes to
 * {@code ERROR} and the liveness group's {@code streamClients} goes DOWN ({@link StreamThreadsHealthIndicator#liveness}),
 * so Kubernetes restarts the pod.
 *
 * <p>A static member's replacement thread joins under that new name, and the dead thread's consumer closes without
 * leaving (static members never send LeaveGroup): its tasks would wait the whole {@code session.timeout.ms} for a member
 * that is gone. So, once the dead thread has ended, its member is removed from the group through the Admin API
 * ({@link DeadMembers}), as Kafka Streams itself does when a thread is removed: the tasks move to the new thread in the
 * rebalance that follows. Readiness ({@code streamThreads}) is DOWN from the failure until the dead thread has closed.
 *
 * <p>Counted as {@code roomsync.streams.thread.failures} tagged {@code response} ({@code replace_thread} /
 * {@code shutdown_client}); Kafka Streams logs each exception at ERROR itself.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    /** Removes a dead stream thread's static member from its client's consumer group. */
    @FunctionalInterface
    public interface DeadMembers {

        /**
         * Removes member {@code groupInstanceId} from consumer group {@code groupId} once {@code deadThread} has ended,
         * unless a live thread of the client has taken its name by then (Kafka Streams reuses the index of a thread
         * that ended); may return before (the work is the implementation's to schedule), never throws.
         *
         * @param streamsConfig the client's Kafka Streams configuration (for its Admin client)
         * @param liveThreads   the names of the client's stream threads that have not ended, read when asked
         */
        void removeWhenEnded(Thread deadThread, Properties streamsConfig, String groupId, String groupInstanceId,
                             Supplier<Set<String>> liveThreads);
    }

    /** A thread name's index, as Kafka Streams names stream threads: {@code <client id>-StreamThread-<index>}. */
    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-(\\d+)$");

    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

    /** The failures a new stream thread recovers from (see the class comment), looked for along the causes. */
    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(InvalidTxnStateException.class,
            TransactionAbortableException.class, TransactionAbortedException.class, ProducerFencedException.class,
            InvalidProducerEpochException.class, OutOfOrderSequenceException.class, UnknownProducerIdException.class,
            TimeoutException.class);

    /** How deep the causes are searched: deep enough for Kafka Streams' wrapping, bounded against a cycle. */
    private static final int CAUSES_SEARCHED = 16;

    private final int maxReplacements;
    private final Duration window;
    private final Clock clock;
    private final DeadMembers deadMembers;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong shutDown = new AtomicLong();

    /**
     * @param maxReplacements stream threads replaced at most within {@code window} across the process's clients
     *                        (roomsync.streams.thread-replacements.max); the next transient failure shuts its client down
     * @param window          the window those replacements are counted in (roomsync.streams.thread-replacements.window)
     * @param clock           the time replacements are counted by
     */
    public StreamThreadFailures(int maxReplacements, Duration window, Clock clock) {
        this(maxReplacements, window, clock, (thread, config, group, member, live) -> { });
    }

    /**
     * @param deadMembers how a replaced thread's static member leaves its group ({@link AdminDeadMembers} in a service)
     */
    public StreamThreadFailures(int maxReplacements, Duration window, Clock clock, DeadMembers deadMembers) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.clock = clock;
        this.deadMembers = deadMembers;
    }

    /** For a client that is not a static member, or whose configuration is unknown: only the decision. */
    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        String thread = Thread.currentThread().getName();
        return decide(exception, thread.contains("GlobalStreamThread"), thread);
    }

    /**
     * The handler for one client: {@link #handle}, and, when it replaces a thread of a static member, the removal of
     * that thread's member ({@code group.instance.id} + {@code -} + the thread's index) from the client's group
     * ({@code application.id}) once the thread has ended.
     *
     * @param streamsConfig the client's Kafka Streams configuration, as it starts
     * @param liveThreads   the names of the client's stream threads that have not ended, read when asked
     */
    public StreamsUncaughtExceptionHandler forClient(Properties streamsConfig, Supplier<Set<String>> liveThreads) {
        String instanceId = streamsConfig.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        String groupId = streamsConfig.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        if (instanceId == null || instanceId.isBlank() || groupId == null) {
            return this;
        }
        return exception -> {
            Thread dead = Thread.currentThread();
            StreamThreadExceptionResponse response = handle(exception);
            Matcher index = STREAM_THREAD.matcher(dead.getName());
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD && index.find()) {
                deadMembers.removeWhenEnded(dead, streamsConfig, groupId, instanceId + "-" + index.group(1), liveThreads);
            }
            return response;
        };
    }

    /**
     * The response to {@code failure}, recorded in the counts.
     *
     * @param failure      what ended the thread (as Kafka Streams hands it over, usually a {@code StreamsException}
     *                     around the cause)
     * @param globalThread whether it ended a global thread, which Kafka Streams cannot replace
     * @param thread       the thread's name, for the log
     */
    StreamThreadExceptionResponse decide(Throwable failure, boolean globalThread, String thread) {
        Throwable cause = transientCause(failure);
        if (cause == null || globalThread) {
            shutDown.incrementAndGet();
            log.error("stream thread {} ended by {}: not a failure a new thread recovers from; the Kafka Streams client "
                    + "shuts down and liveness (streamClients) goes DOWN", thread, failure.toString());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        int recent = replacedWithinWindow();
        if (recent < 0) {
            shutDown.incrementAndGet();
            log.error("stream thread {} ended by {}: {} threads were already replaced within {}; the Kafka Streams client "
                    + "shuts down and liveness (streamClients) goes DOWN", thread, cause, maxReplacements, window);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.incrementAndGet();
        log.warn("stream thread {} ended by {} (a broker outage or a transaction the broker aborted): a new thread takes "
                + "its tasks from their last commit (replacement {} of at most {} within {})", thread, cause, recent, maxReplacements, window);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Records one replacement and returns how many there were within the window with it; -1 when over the limit. */
    private synchronized int replacedWithinWindow() {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(window))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return -1;
        }
        replacements.addLast(now);
        return replacements.size();
    }

    /** The first of {@code failure}'s causes (itself included) that a new thread recovers from, or null. */
    static Throwable transientCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSES_SEARCHED; depth++, cause = cause.getCause()) {
            for (Class<? extends Throwable> kind : TRANSIENT) {
                if (kind.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    /** Stream threads replaced since the start. */
    public long replaced() {
        return replaced.get();
    }

    /** Kafka Streams clients shut down by a thread's failure since the start. */
    public long shutDown() {
        return shutDown.get();
    }
}
