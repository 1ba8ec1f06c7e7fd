package io.roomsync.ingest.adapter.kafka;

import io.roomsync.contract.im.ImEvent;
import io.roomsync.ingest.EventPublisher;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes to {@code roomsync.im-events.v1} with the producer Spring Boot builds from roomsync's defaults: acks=all,
 * idempotent, Apicurio's Avro serializer. {@code max.block.ms} is short (ingest's application.yml) so a broker that
 * is down fails the send instead of blocking a thread.
 */
public class KafkaEventPublisher implements EventPublisher {

    private final KafkaTemplate<String, ImEvent> template;
    private final String topic;

    public KafkaEventPublisher(KafkaTemplate<String, ImEvent> template, String topic) {
        this.template = template;
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Void> publish(String key, ImEvent event) {
        try {
            return template.send(topic, key, event).thenApply(result -> null);
        } catch (RuntimeException e) {
            // The producer refused synchronously (metadata not available in max.block.ms, serializer failure).
            return CompletableFuture.failedFuture(e);
        }
    }
}
