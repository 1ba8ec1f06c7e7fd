package io.roomsync.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Dead letters written while a scenario played: every topic whose name ends in {@code .dlq}, read from the end offsets
 * it had at the start to its end after convergence. A scenario passes only with none written (a dead letter is a
 * record some service could not read: a fault it should have waited out, or a bug). Committed records are counted, so
 * an aborted transactional write and the transactions' markers are not dead letters; a dead letter keeps the
 * timestamp of the record it copies, which is why the start is an offset and not a time.
 */
final class DeadLetterCheck {

    private static final Duration READ_WITHIN = Duration.ofMinutes(2);

    /** End offsets of every partition of every dead-letter topic at the start (a topic created later starts at 0). */
    record Mark(Map<TopicPartition, Long> ends) {
    }

    /**
     * @param written dead letters written since the mark, per dead-letter topic that has any
     */
    record Result(Map<String, Long> written) {
        String summary() {
            return written.isEmpty() ? "dead letters: none written on any .dlq topic during the scenario"
                    : "dead letters written during the scenario: " + written.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"))
                    + " (bin/roomsync dlq list TOPIC shows them)";
        }
    }

    private DeadLetterCheck() {
    }

    static Mark open(Endpoints at) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(at)) {
            return new Mark(consumer.endOffsets(deadLetterPartitions(consumer), READ_WITHIN));
        }
    }

    /** Reads every dead-letter topic from the mark to its end now; fails when that takes over two minutes. */
    static Result check(Endpoints at, Mark mark) {
        Map<String, Long> written = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(at)) {
            List<TopicPartition> partitions = deadLetterPartitions(consumer);
            if (partitions.isEmpty()) {
                return new Result(written);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_WITHIN);
            partitions.forEach(partition -> consumer.seek(partition, mark.ends().getOrDefault(partition, 0L)));
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the .dlq topics to their end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    written.merge(record.topic(), 1L, Long::sum);
                }
            }
        }
        return new Result(written);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Endpoints at) {
        return TopicReader.committedOnly(at.kafka(), "dead-letter-check", new ByteArrayDeserializer());
    }

    private static List<TopicPartition> deadLetterPartitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.listTopics(READ_WITHIN).values().stream().flatMap(List::stream)
                .filter(info -> info.topic().endsWith(".dlq"))
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }
}
