package io.roomsync.timspring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaShareWatcherTest {

    @Test
    void theAdminClientAuthenticatesAsTheServicesOtherKafkaClientsDo() {
        // Given the service's Kafka client settings on a SASL_SSL cluster
        Map<String, Object> kafkaClient = Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"role-sync\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt", "ssl.truststore.type", "PEM");

        // When the replica-count Admin client's settings are made
        Map<String, Object> admin = ReplicaShareWatcher.adminProperties(kafkaClient, "roomsync-role-sync", 5000);

        // Then they are the service's own, with this client's id and timeouts on top
        assertThat(admin).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"role-sync\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt", "ssl.truststore.type", "PEM",
                "client.id", "roomsync-role-sync-replica-share", "request.timeout.ms", 5000, "default.api.timeout.ms", 5000));
    }
}
