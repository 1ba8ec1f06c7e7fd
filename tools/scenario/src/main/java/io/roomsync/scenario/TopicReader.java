package io.roomsync.scenario;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
}
