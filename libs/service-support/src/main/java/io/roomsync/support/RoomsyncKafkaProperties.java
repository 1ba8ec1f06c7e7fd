package io.roomsync.support;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kafka is, how roomsync's clients authenticate to it, and how roomsync creates its topics
 * ({@code roomsync.kafka.*}; defaults in roomsync-defaults.yml).
 *
 * @param bootstrapServers       broker list (default {@code 127.0.0.1:9092}; env {@code ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS})
 * @param createTopics           create the catalogue topics and their dead-letter twins when missing (default true)
 * @param topicPartitions        partitions of topics created here (default 3)
 * @param topicReplicationFactor replication of topics created here (default 1: the local single broker)
 * @param security               how every Kafka client authenticates (default PLAINTEXT, no authentication)
 */
@Validated
@ConfigurationProperties("roomsync.kafka")
public record RoomsyncKafkaProperties(@NotBlank String bootstrapServers, boolean createTopics,
                                      @Min(1) int topicPartitions, @Min(1) short topicReplicationFactor,
                                      @NotNull KafkaClientSecurity security) {

    /**
     * What every Kafka client roomsync builds itself starts from: the bootstrap servers and the security settings
     * ({@link KafkaClientSecurity#clientProperties()}), by Kafka's names. The clients Spring builds get the same
     * security settings through {@code spring.kafka.properties} ({@link RoomsyncDefaultsEnvironmentPostProcessor}).
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(security.clientProperties());
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
