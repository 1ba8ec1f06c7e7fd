package io.roomsync.ingest;

import io.roomsync.contract.im.ImEvent;
import java.util.concurrent.CompletableFuture;

/** Where accepted events go; completes when the event is durably taken (Kafka acks=all), fails otherwise. */
public interface EventPublisher {

    CompletableFuture<Void> publish(String key, ImEvent event);
}
