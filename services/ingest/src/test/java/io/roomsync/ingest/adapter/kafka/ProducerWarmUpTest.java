package io.roomsync.ingest.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ProducerWarmUpTest {

    @Test
    void theProducerIsConnectedOnceAtStartUp() {
        // Given a producer that can reach Kafka
        AtomicInteger connects = new AtomicInteger();
        // When ingest starts
        new ProducerWarmUp(connects::incrementAndGet, "roomsync.im-events.v1").run(null);
        // Then it was connected exactly once, before any callback
        assertThat(connects).hasValue(1);
    }

    @Test
    void kafkaOutOfReachAtStartUpDoesNotStopIngestFromStarting() {
        // Given Kafka out of reach: fetching metadata times out after max.block.ms
        Runnable unreachable = () -> {
            throw new TimeoutException("Topic roomsync.im-events.v1 not present in metadata after 1000 ms.");
        };
        // When ingest starts, Then the warm-up lets it go on (callbacks are answered 503 until Kafka is back)
        assertThatCode(() -> new ProducerWarmUp(unreachable, "roomsync.im-events.v1").run(null)).doesNotThrowAnyException();
    }
}
