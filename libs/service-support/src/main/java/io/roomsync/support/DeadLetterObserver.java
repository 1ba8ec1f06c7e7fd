package io.roomsync.support;

/**
 * Told of every dead letter a service wrote for a record it could not decode (the Kafka Streams binder's
 * {@code sendToDlq}), so the service counts it in its own metric. A service declares one as a bean.
 */
@FunctionalInterface
public interface DeadLetterObserver {

    /** A record of {@code sourceTopic} was written to its {@code .dlq} twin because of {@code failure}. */
    void deadLettered(String sourceTopic, Throwable failure);
}
