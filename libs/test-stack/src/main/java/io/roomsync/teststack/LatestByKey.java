package io.roomsync.teststack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a compacted topic (or a Kafka Streams store's changelog) holds after compaction: the latest value of every key,
 * read raw from the beginning to the end the broker has committed (read_committed, as the services' transactions are
 * read), so a test can check a store's contents without reaching into the service. A key whose latest record is a
 * tombstone maps to null.
 */
public final class LatestByKey {

    private LatestByKey() {
    }

    /**
     * The latest value (raw bytes, null for a tombstone) of every key of {@code topic} that {@code keys} accepts, in
     * the order the keys were first seen; empty when the topic does not exist.
     */
    public static Map<String, byte[]> of(String topic, Predicate<String> keys) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && keys.test(record.key())) {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        return latest;
    }

    /**
     * Reads {@link #of} again (every 250 ms) until {@code done} accepts it, and returns it.
     *
     * @throws AssertionError naming the keys still live when {@code timeout} passed first
     */
    public static Map<String, byte[]> await(String topic, Predicate<String> keys, Predicate<Map<String, byte[]>> done,
                                            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, byte[]> latest = of(topic, keys);
        while (!done.test(latest)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(topic + " never got there; its live keys: " + live(latest));
            }
            Thread.sleep(250);
            latest = of(topic, keys);
        }
        return latest;
    }

    /** Waits as {@link #await} until the keys still live (latest value not a tombstone) satisfy {@code done}. */
    public static List<String> awaitLive(String topic, Predicate<String> keys, Predicate<List<String>> done, Duration timeout)
            throws InterruptedException {
        return live(await(topic, keys, latest -> done.test(live(latest)), timeout));
    }

    private static List<String> live(Map<String, byte[]> latest) {
        return latest.entrySet().stream().filter(entry -> entry.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-latest-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }
}
