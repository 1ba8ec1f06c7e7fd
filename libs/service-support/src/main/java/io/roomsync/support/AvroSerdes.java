package io.roomsync.support;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serdes through the schema registry, for code that builds its own (Kafka Streams topologies, stores, replicas):
 * the same settings as the producers and consumers roomsync-defaults.yml configures. Their calls wait out a registry
 * outage ({@link RegistryWaits}): a record is decoded or encoded once the registry answers, and only a record that can
 * never be decoded fails ({@link DecodeFailures}).
 */
public final class AvroSerdes {

    private final String registryUrl;
    private final RegistryWaits waits;

    /**
     * @param registryUrl the registry's API URL ({@code apicurio.registry.url})
     * @param waits       the service's waits, shared by every serde made here
     */
    public AvroSerdes(String registryUrl, RegistryWaits waits) {
        this.registryUrl = registryUrl;
        this.waits = waits;
    }

    /** A value serde of generated classes; the record's own schema is registered (whole) on first write. */
    public <T extends SpecificRecord> Serde<T> value() {
        return serde(false);
    }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> serde(boolean isKey) {
        Map<String, Object> config = config();
        Serializer<T> serializer = (Serializer<T>) (Serializer<?>) new AvroKafkaSerializer<>();
        serializer.configure(config, isKey);
        Deserializer<T> deserializer = (Deserializer<T>) (Deserializer<?>) new AvroKafkaDeserializer<>();
        deserializer.configure(config, isKey);
        return new Configured<>(new Waiting.WaitingSerializer<>(serializer, waits),
                new Waiting.WaitingDeserializer<>(deserializer, waits));
    }

    /**
     * A value serializer that does not wait: it fails at once while the registry is unreachable (ingest's publish
     * answers 503 and Tencent retries, as when Kafka is down). Configured here, like {@link #value()}.
     */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serializer<T> impatientValueSerializer() {
        Serializer<T> serializer = (Serializer<T>) (Serializer<?>) new AvroKafkaSerializer<>();
        serializer.configure(config(), false);
        return serializer;
    }

    /**
     * A serde configured once, here: frameworks that call {@code configure} with their own settings (the Kafka
     * Streams binder passes the streams config) would otherwise reset the registry settings and the specific reader.
     */
    private record Configured<T>(Serializer<T> serializer, Deserializer<T> deserializer) implements Serde<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // already configured
        }

        @Override
        public void close() {
            serializer.close();
            deserializer.close();
        }
    }

    /**
     * The serdes' schema cache. Apicurio re-fetches a cached entry every {@code check-period-ms} (default 30 s) and, by
     * default, fails when that refresh cannot reach the registry. Reads by content id were seen to keep their schema
     * through a failing registry anyway (Apicurio 3.1.7), but lookups by artifact (a serializer's) are not pinned by a
     * test: a schema under an id never changes, so entries are refreshed hourly, and a refresh that fails keeps the
     * cached schema ({@code fault-tolerant-refresh}, Apicurio issue 3807). Only a schema never fetched needs the
     * registry.
     */
    static final Map<String, Object> CACHE = Map.of(
            "apicurio.registry.check-period-ms", "3600000",
            "apicurio.registry.fault-tolerant-refresh", "true");

    Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", registryUrl);
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.dereference-schema", "true");
        config.put("apicurio.registry.http.adapter", "JDK");
        config.put("apicurio.registry.use-specific-avro-reader", "true");
        config.put("apicurio.registry.avro-datum-provider", SchemaInstanceDatumProvider.class.getName());
        config.putAll(CACHE);
        return config;
    }
}
