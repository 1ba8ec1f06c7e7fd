package io.roomsync.teststack;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import io.roomsync.contract.DeadLetterHeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes Avro records on the test stack, through the registry, as the services do. */
public final class Records {

    private Records() {
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, SpecificRecord value) {
        try (KafkaProducer<String, Object> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    public static KafkaProducer<String, Object> producer() {
        TestStack stack = TestStack.get();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        properties.put("apicurio.registry.url", stack.registryUrl());
        properties.put("apicurio.registry.auto-register", "true");
        properties.put("apicurio.registry.dereference-schema", "true");
        properties.put("apicurio.registry.http.adapter", "JDK");
        return new KafkaProducer<>(properties);
    }

    /** A consumer of decoded records from the beginning of {@code topic}, in a fresh group. */
    public static KafkaConsumer<String, Object> consumer(String topic) {
        TestStack stack = TestStack.get();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Services that write in transactions (role-sync) must be read as every consumer reads them: committed only.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        properties.put("apicurio.registry.url", stack.registryUrl());
        properties.put("apicurio.registry.use-specific-avro-reader", "true");
        properties.put("apicurio.registry.http.adapter", "JDK");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Every record of {@code topic} that matches {@code filter}, read from the beginning until {@code expected} of them
     * arrived, then for {@code settle} more to catch any extra (so a test of "exactly one" can fail on a second).
     */
    public static <T> List<ConsumerRecord<String, T>> await(String topic, Class<T> type, Predicate<T> filter,
                                                            int expected, Duration timeout, Duration settle) {
        List<ConsumerRecord<String, T>> matched = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = consumer(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (type.isInstance(record.value()) && filter.test(type.cast(record.value()))) {
                        matched.add(cast(record, type));
                    }
                }
                if (matched.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return matched;
    }

    /**
     * The dead letters on {@code dlqTopic} of the record written at {@code source} (found by their
     * {@link DeadLetterHeaders} source partition and offset), raw, read from the beginning until {@code expected} of
     * them arrived, then for {@code settle} more to catch any extra.
     */
    public static List<ConsumerRecord<String, byte[]>> deadLetters(String dlqTopic, RecordMetadata source, int expected,
                                                                   Duration timeout, Duration settle) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlqTopic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> letter : consumer.poll(Duration.ofMillis(200))) {
                    Header topic = letter.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC);
                    Header partition = letter.headers().lastHeader(DeadLetterHeaders.SOURCE_PARTITION);
                    Header offset = letter.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET);
                    if (topic != null && partition != null && offset != null
                            && source.topic().equals(DeadLetterHeaders.text(topic.value()))
                            && Integer.valueOf(source.partition()).equals(DeadLetterHeaders.int32(partition.value()))
                            && Long.valueOf(source.offset()).equals(DeadLetterHeaders.int64(offset.value()))) {
                        matched.add(letter);
                    }
                }
                if (matched.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return matched;
    }

    /** Writes {@code value} as it is (not Avro: a record no service can decode) and returns where it went. */
    public static RecordMetadata sendRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        return headers;
    }

    @SuppressWarnings("unchecked")
    private static <T> ConsumerRecord<String, T> cast(ConsumerRecord<String, Object> record, Class<T> type) {
        return (ConsumerRecord<String, T>) (ConsumerRecord<String, ?>) record;
    }
}
