package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The replica's reader thread over Kafka's {@link MockConsumer}: what one bad record does, and what readiness sees when
 * the thread ends. The waits below are for the thread to get somewhere, never thresholds on how fast it does.
 */
class CompactedTopicReplicaTest {

    private static final String TOPIC = "roomsync.moderation-policy.v1";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final Map<String, String> copy = new ConcurrentHashMap<>();
    private final AtomicInteger unreadable = new AtomicInteger();
    private CompactedTopicReplica<String> replica;

    @AfterEach
    void close() throws InterruptedException {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void aRecordWhoseApplyOverflowsTheStackIsCountedSkippedAndTheCopyGoesOn() throws InterruptedException {
        // Given a topic whose first record makes apply overflow the stack (as a backtracking regex does) and whose
        // second record is fine
        replica = start((key, value) -> {
            if (value.equals("deep")) {
                recurse(0);
            }
            copy.put(key, value);
        }, "1/room_a", "deep", "1/room_b", "fine");

        // When the replica has read the topic
        assertThat(replica.awaitLoaded(PATIENCE)).isTrue();

        // Then the bad record was counted once and skipped, the next one applied, and the replica is alive and UP
        assertThat(unreadable.get()).isEqualTo(1);
        assertThat(copy).containsExactly(Map.entry("1/room_b", "fine"));
        assertThat(replica.stopped()).isEmpty();
        Health health = new CompactedTopicReplicaHealthIndicator(replica).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("topic", TOPIC, "loaded", true));
    }

    @Test
    void anOutOfMemoryErrorIsNotSwallowedTheThreadEndsAndReadinessGoesDown() throws InterruptedException {
        // Given a record whose apply runs out of memory
        OutOfMemoryError outOfMemory = new OutOfMemoryError("Java heap space");
        replica = start((key, value) -> {
            throw outOfMemory;
        }, "1/room_a", "big");

        // When the reader thread has ended
        assertThat(replica.awaitEnd(PATIENCE)).isTrue();

        // Then the error was not counted as an unreadable record, it is what stopped the replica, and health is DOWN
        assertThat(unreadable.get()).isZero();
        assertThat(replica.stopped()).containsSame(outOfMemory);
        Health health = new CompactedTopicReplicaHealthIndicator(replica).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(
                Map.of("topic", TOPIC, "stoppedBy", "java.lang.OutOfMemoryError: Java heap space"));
    }

    @Test
    void aThreadEndedByAnErrorOutsideApplyReportsDown() throws InterruptedException {
        // Given a consumer whose poll throws an Error (a deserializer overflowing the stack, say)
        replica = new CompactedTopicReplica<>(consumer, TOPIC, copy::put, unreadable::incrementAndGet);
        givenTopic();
        consumer.schedulePollTask(() -> {
            throw new StackOverflowError("in a deserializer");
        });
        replica.start();

        // When the reader thread has ended
        assertThat(replica.awaitEnd(PATIENCE)).isTrue();

        // Then the replica says what stopped it, and its health is DOWN
        assertThat(replica.stopped()).get().extracting(Throwable::getMessage).isEqualTo("in a deserializer");
        assertThat(new CompactedTopicReplicaHealthIndicator(replica).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void onlyVirtualMachineErrorsOtherThanStackOverflowAreFatal() {
        assertThat(CompactedTopicReplica.isFatal(new OutOfMemoryError())).isTrue();
        assertThat(CompactedTopicReplica.isFatal(new InternalError())).isTrue();
        assertThat(CompactedTopicReplica.isFatal(new StackOverflowError())).isFalse();
        assertThat(CompactedTopicReplica.isFatal(new IllegalStateException())).isFalse();
        assertThat(CompactedTopicReplica.isFatal(new NoClassDefFoundError())).isFalse();
    }

    /** A replica over a one-partition topic holding the given key/value pairs, started. */
    private CompactedTopicReplica<String> start(BiConsumer<String, String> apply, String... keysAndValues) {
        CompactedTopicReplica<String> started = new CompactedTopicReplica<>(consumer, TOPIC, apply, unreadable::incrementAndGet);
        givenTopic();
        consumer.updateEndOffsets(Map.of(PARTITION, (long) keysAndValues.length / 2));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i / 2, keysAndValues[i], keysAndValues[i + 1]));
            }
        });
        return started.start();
    }

    private void givenTopic() {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
