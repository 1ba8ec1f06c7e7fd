package io.roomsync.timspring;

import static org.apache.kafka.streams.KafkaStreams.State.CREATED;
import static org.apache.kafka.streams.KafkaStreams.State.ERROR;
import static org.apache.kafka.streams.KafkaStreams.State.PENDING_ERROR;
import static org.apache.kafka.streams.KafkaStreams.State.PENDING_SHUTDOWN;
import static org.apache.kafka.streams.KafkaStreams.State.REBALANCING;
import static org.apache.kafka.streams.KafkaStreams.State.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which state changes of a Kafka Streams client ask the replica watcher to count again at once. */
class RebalanceRefreshTest {

    private final AtomicInteger refreshes = new AtomicInteger();
    private final RebalanceRefresh listener = new RebalanceRefresh(refreshes::incrementAndGet);

    @Test
    void startingToRebalanceAndRunningAfterARebalanceRefresh() {
        // When the client starts (its first rebalance), is rebalanced while running, and runs again after it
        listener.onChange(REBALANCING, CREATED);
        listener.onChange(REBALANCING, RUNNING);
        listener.onChange(RUNNING, REBALANCING);

        // Then each asks for a refresh
        assertThat(refreshes).hasValue(3);
    }

    @Test
    void stoppingAndFailingDoNotRefresh() {
        // When the client stops or fails
        listener.onChange(PENDING_SHUTDOWN, RUNNING);
        listener.onChange(PENDING_ERROR, REBALANCING);
        listener.onChange(ERROR, PENDING_ERROR);

        // Then nothing is asked for: the poll goes on
        assertThat(refreshes).hasValue(0);
    }
}
