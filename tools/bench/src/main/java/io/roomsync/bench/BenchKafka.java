package io.roomsync.bench;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.roomsync.contract.AvroTrust;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers and consumers of Avro records on the bench's stack, configured as the services configure theirs. */
final class BenchKafka {

    private final String bootstrapServers;
    private final String registryUrl;

    BenchKafka(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        AvroTrust.trustContractClasses();
    }

    KafkaProducer<String, Object> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        properties.put("apicurio.registry.url", registryUrl);
        properties.put("apicurio.registry.auto-register", "true");
        properties.put("apicurio.registry.dereference-schema", "true");
        properties.put("apicurio.registry.http.adapter", "JDK");
        return new KafkaProducer<>(properties);
    }

    /** A consumer of committed records of {@code topic}, from its end: what is published from now on. */
    KafkaConsumer<String, Object> consumerFromNow(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        properties.put("apicurio.registry.url", registryUrl);
        properties.put("apicurio.registry.use-specific-avro-reader", "true");
        properties.put("apicurio.registry.http.adapter", "JDK");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Waits until consumer group {@code group} has read {@code topic} up to where it ended when asked (a committed
     * offset one short of the end is caught up: a transaction's commit marker takes the last offset), at most
     * {@code atMost}; returns the records it still had to read when asked.
     */
    long awaitCaughtUp(String group, String topic, Duration atMost) throws InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long deadline = System.nanoTime() + atMost.toNanos();
            long behindAtFirst = -1;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long behind = 0;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = read.get(partition);
                    long lag = ends.get(partition) - (offset == null ? 0 : offset.offset());
                    behind += lag > 1 ? lag : 0;
                }
                behindAtFirst = behindAtFirst < 0 ? behind : behindAtFirst;
                if (behind == 0) {
                    return behindAtFirst;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " still " + behind + " records behind on " + topic + " after " + atMost);
                }
                Thread.sleep(1_000);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the offsets of " + group + " on " + topic, e);
        }
    }
}
