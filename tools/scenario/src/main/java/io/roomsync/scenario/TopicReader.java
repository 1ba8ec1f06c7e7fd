package io.roomsync.scenario;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.ObjLongConsumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reading roomsync's topics from outside the services (the scenario's ledger, the CLI's tail): a consumer without a
 * group that sees only committed records, as every roomsync consumer does (role-sync and the Streams apps write in
 * transactions), and values decoded with the registry's schemas into generic records, so no generated class is needed.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** A consumer of raw values without a group (assign and seek), committed records only. */
    public static <K> KafkaConsumer<K, byte[]> committedOnly(String bootstrapServers, String clientIdPrefix, Deserializer<K> keys) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + UUID.randomUUID());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(properties, keys, new ByteArrayDeserializer());
    }

    /** Avro values as generic records, by the schema id each record carries (Apicurio's headers). */
    public static AvroKafkaDeserializer<GenericRecord> genericValues(String registryUrl) {
        AvroKafkaDeserializer<GenericRecord> values = new AvroKafkaDeserializer<>();
        values.configure(Map.of("apicurio.registry.url", registryUrl,
                "apicurio.registry.use-specific-avro-reader", "false",
                "apicurio.registry.http.adapter", "JDK"), false);
        return values;
    }

    /**
     * Every committed record of {@code topic} written at or after {@code sinceMillis}, up to the end the topic had
     * when called, decoded, with its timestamp (epoch millis), in each partition's order. Fails when the end is not
     * reached within two minutes.
     */
    public static void readSince(String bootstrapServers, String registryUrl, String topic, long sinceMillis,
                                 ObjLongConsumer<GenericRecord> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedOnly(bootstrapServers, "reader", new ByteArrayDeserializer());
             AvroKafkaDeserializer<GenericRecord> values = genericValues(registryUrl)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, sinceMillis));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(values.deserialize(topic, record.headers(), record.value()), record.timestamp());
                }
            }
        }
    }

    /**
     * How many committed records each topic whose name ends with {@code suffix} (say {@code .dlq}) holds that were
     * written at or after {@code sinceMillis}; topics without any are absent. Fails when a topic cannot be read to its
     * end within two minutes.
     */
    public static Map<String, Long> countSince(String bootstrapServers, String suffix, long sinceMillis) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedOnly(bootstrapServers, "counter", new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30)).values().stream()
                    .flatMap(List::stream).filter(info -> info.topic().endsWith(suffix))
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                return counts;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, sinceMillis));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the " + suffix + " topics to their end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(record.topic(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
