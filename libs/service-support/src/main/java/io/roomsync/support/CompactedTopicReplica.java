package io.roomsync.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of a compacted topic, for decisions that must not wait on another service (the Before-send verdict
 * reads the moderation policy this way). One daemon thread reads every partition from the beginning, without a
 * consumer group (each replica wants all of it), and hands each record to {@code apply} (a null value is a
 * tombstone). The copy is {@link #loaded()} once it has read up to the end offsets seen at start; later records
 * keep arriving within a poll. A record that cannot be read or applied is skipped, logged and counted by the
 * caller's {@code onUnreadable}, so one bad record never stops the copy: whatever {@code apply} throws, a
 * {@link StackOverflowError} included (a backtracking check of a hostile value), except the errors after which the JVM
 * cannot be trusted ({@link #isFatal}: {@link OutOfMemoryError}, {@link InternalError}, ...). Those end the thread; so
 * does anything thrown outside a record's {@code apply}, when it is not a {@link RuntimeException} (which is retried).
 * A replica whose thread ended is {@link #stopped()}, logged at ERROR with its cause, and its health indicator
 * ({@link CompactedTopicReplicaHealthIndicator}) reports DOWN, so that readiness does.
 */
public final class CompactedTopicReplica<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicReplica.class);

    private final Consumer<String, V> consumer;
    private final String topic;
    private final BiConsumer<String, V> apply;
    private final Runnable onUnreadable;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean closed;
    /** What ended the reader thread before {@link #close}; null while it runs (or after a clean close). */
    private volatile Throwable stoppedBy;

    /**
     * A replica of {@code topic} reading with its own consumer, built from {@code clientProperties}: the bootstrap
     * servers and the security settings every Kafka client of the service uses
     * ({@link RoomsyncKafkaProperties#clientProperties()}).
     */
    public CompactedTopicReplica(Map<String, Object> clientProperties, String topic, Deserializer<V> values,
                                 BiConsumer<String, V> apply, Runnable onUnreadable) {
        this(consumer(clientProperties, topic, values), topic, apply, onUnreadable);
    }

    /** A replica reading through the given consumer (tests pass Kafka's {@code MockConsumer}). */
    CompactedTopicReplica(Consumer<String, V> consumer, String topic, BiConsumer<String, V> apply, Runnable onUnreadable) {
        this.consumer = consumer;
        this.topic = topic;
        this.apply = apply;
        this.onUnreadable = onUnreadable;
        this.reader = new Thread(this::readUntilClosed, "replica-" + topic);
        this.reader.setDaemon(true);
    }

    private static <V> Consumer<String, V> consumer(Map<String, Object> clientProperties, String topic, Deserializer<V> values) {
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "replica-" + topic + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    public CompactedTopicReplica<V> start() {
        reader.start();
        return this;
    }

    public boolean loaded() {
        return loaded.getCount() == 0;
    }

    /** The topic this replica copies. */
    public String topic() {
        return topic;
    }

    /**
     * What ended the reader thread, when it ended without {@link #close} having been called: the copy no longer
     * follows the topic, and the service is not ready. Empty while the thread runs.
     */
    public Optional<Throwable> stopped() {
        return Optional.ofNullable(stoppedBy);
    }

    /**
     * Whether an error thrown while applying one record must end the thread rather than skip the record: a
     * {@link VirtualMachineError} other than {@link StackOverflowError} ({@link OutOfMemoryError}, {@link InternalError},
     * {@link UnknownError}). A stack overflow unwinds the stack that overflowed and leaves the JVM sound, so the record
     * is skipped like any other that cannot be applied.
     */
    public static boolean isFatal(Throwable error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /** Waits until the reader thread has ended, at most {@code timeout}; whether it has. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    private void readUntilClosed() {
        try {
            read();
        } catch (Throwable e) {
            if (!closed) {
                stoppedBy = e;
                log.error("replica of {} stopped: {}; it no longer follows the topic and readiness is DOWN", topic, e.toString(), e);
            }
            if (isFatal(e)) {
                throw e;
            }
        }
    }

    /** Waits until loaded, at most {@code timeout}; whether it is. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        Map<TopicPartition, Long> endAtStart = new HashMap<>();
        while (!closed) {
            try {
                if (endAtStart.isEmpty()) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(info -> new TopicPartition(topic, info.partition())).toList();
                    if (partitions.isEmpty()) {
                        Thread.sleep(1_000);
                        continue;
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    endAtStart.putAll(consumer.endOffsets(partitions));
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                    applyOne(record);
                }
                if (!loaded() && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown();
                    log.info("replica of {} loaded", topic);
                }
            } catch (RecordDeserializationException e) {
                onUnreadable.run();
                log.warn("replica of {}: skipped unreadable record at {} offset {}: {}", topic, e.topicPartition(), e.offset(),
                        e.getMessage());
                consumer.seek(e.topicPartition(), e.offset() + 1);
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                onUnreadable.run();
                log.warn("replica of {}: {}; retrying in 1 s", topic, e.toString());
                sleepQuietly();
            }
        }
    }

    /** Applies one record; one that cannot be applied is counted, logged and skipped (see the class comment). */
    void applyOne(ConsumerRecord<String, V> record) {
        try {
            apply.accept(record.key(), record.value());
        } catch (Throwable e) {
            if (isFatal(e)) {
                throw e;
            }
            onUnreadable.run();
            log.warn("replica of {}: record {} at partition {} offset {} not applied, skipped: {}", topic, record.key(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(5_000);
        consumer.close(Duration.ofSeconds(2));
    }
}
