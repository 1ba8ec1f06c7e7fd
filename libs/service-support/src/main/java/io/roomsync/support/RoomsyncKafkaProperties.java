package io.roomsync.support;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kafka is and how roomsync creates its topics ({@code roomsync.kafka.*}; defaults in roomsync-defaults.yml).
 *
 * @param bootstrapServers       broker list (default {@code 127.0.0.1:9092}; env {@code ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS})
 * @param createTopics           create the catalogue topics and their dead-letter twins when missing (default true)
 * @param topicPartitions        partitions of topics created here (default 3)
 * @param topicReplicationFactor replication of topics created here (default 1: the local single broker)
 */
@Validated
@ConfigurationProperties("roomsync.kafka")
public record RoomsyncKafkaProperties(@NotBlank String bootstrapServers, boolean createTopics,
                                      @Min(1) int topicPartitions, @Min(1) short topicReplicationFactor) {
}
