package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** What readiness sees of the Kafka Streams clients: each client's state and its live threads against its configured ones. */
class StreamThreadsHealthIndicatorTest {

    private final StreamThreadsHealthIndicator indicator = new StreamThreadsHealthIndicator();

    @Test
    void aRunningClientWithAllItsThreadsIsUp() {
        // Given role-sync's client running with its 3 threads
        indicator.watch(client("role-sync", 3, KafkaStreams.State.RUNNING, "RUNNING", "RUNNING", "RUNNING"));

        // Then health is UP, with the client's state and threads
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("role-sync",
                Map.of("state", "RUNNING", "aliveThreads", 3L, "endedThreads", 0L, "threads", 3)));
    }

    @Test
    void aRebalancingClientIsStillUp() {
        indicator.watch(client("notice-dispatch", 2, KafkaStreams.State.REBALANCING, "PARTITIONS_ASSIGNED", "RUNNING"));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aClientShutDownByAnUncaughtExceptionIsDown() {
        // Given a client whose stream thread threw: the binder's SHUTDOWN_CLIENT stopped it, every thread is dead
        indicator.watch(client("moderation", 3, KafkaStreams.State.ERROR, "DEAD", "DEAD", "DEAD"));

        // Then health is DOWN and says why
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactly(Map.entry("moderation",
                Map.of("state", "ERROR", "aliveThreads", 0L, "endedThreads", 3L, "threads", 3)));
    }

    @Test
    void aRunningClientThatLostAThreadIsDown() {
        // Given a running client with one of its 3 threads dead and not replaced
        indicator.watch(client("role-sync", 3, KafkaStreams.State.RUNNING, "RUNNING", "DEAD", "RUNNING"));

        // Then health is DOWN: 2 of 3 threads alive, 1 ended
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactly(Map.entry("role-sync",
                Map.of("state", "RUNNING", "aliveThreads", 2L, "endedThreads", 1L, "threads", 3)));
    }

    @Test
    void aRunningClientWithFewerThreadsThanConfiguredIsDown() {
        // Given a running client with 2 threads of the 3 it is configured with, none of them ended
        indicator.watch(client("role-sync", 3, KafkaStreams.State.RUNNING, "RUNNING", "RUNNING"));

        // Then health is DOWN
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aRunningClientOfGlobalTablesOnlyHasNoThreadsAndIsUp() {
        // Given a query view of global tables only: Kafka Streams runs it without any stream thread
        indicator.watch(client("role-sync-member-view", 3, KafkaStreams.State.RUNNING));

        // Then health is UP
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("role-sync-member-view",
                Map.of("state", "RUNNING", "aliveThreads", 0L, "endedThreads", 0L, "threads", 3)));
    }

    @Test
    void oneFailedClientAmongWorkingOnesTakesHealthDown() {
        indicator.watch(client("moderation", 1, KafkaStreams.State.RUNNING, "RUNNING"));
        indicator.watch(client("moderation-app-wave", 1, KafkaStreams.State.PENDING_ERROR, "PENDING_SHUTDOWN"));

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsOnlyKeys("moderation", "moderation-app-wave");
    }

    @Test
    void aClientNotStartedOrStoppedIsDown() {
        // Given a factory whose client does not exist (never started, or stopped)
        StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
        when(factory.getStreamsConfiguration()).thenReturn(config("role-sync", 3));
        indicator.watch(factory);

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactly(Map.entry("role-sync",
                Map.of("state", "NOT_STARTED", "aliveThreads", 0L, "endedThreads", 0L, "threads", 3)));
    }

    @Test
    void livenessGoesDownOnlyForAClientShutDownForGood() {
        // Given a client in ERROR beside one rebalancing with a thread being replaced, and one not started yet
        indicator.watch(client("role-sync", 3, KafkaStreams.State.ERROR, "DEAD", "DEAD", "DEAD"));
        indicator.watch(client("role-sync-member-view", 1, KafkaStreams.State.REBALANCING, "DEAD", "RUNNING"));
        StreamsBuilderFactoryBean notStarted = mock(StreamsBuilderFactoryBean.class);
        when(notStarted.getStreamsConfiguration()).thenReturn(config("role-sync-result-view", 1));
        indicator.watch(notStarted);

        // Then liveness is DOWN and names each client's state
        Health health = indicator.liveness().health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("role-sync", "ERROR",
                "role-sync-member-view", "REBALANCING", "role-sync-result-view", "NOT_STARTED"));
    }

    @Test
    void livenessStaysUpWhileAThreadIsReplacedOrTheClientRebalances() {
        // Given a client whose dead thread is being replaced (readiness is DOWN meanwhile)
        indicator.watch(client("notice-dispatch", 2, KafkaStreams.State.REBALANCING, "DEAD", "RUNNING"));

        // Then liveness is UP (a restart would not help), readiness DOWN
        assertThat(indicator.liveness().health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

        // And once a client is PENDING_ERROR (shutting down for good), liveness goes DOWN
        indicator.watch(client("notice-dispatch-snapshots", 1, KafkaStreams.State.PENDING_ERROR, "PENDING_SHUTDOWN"));
        assertThat(indicator.liveness().health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void noClientsIsUp() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    private static StreamsBuilderFactoryBean client(String applicationId, int threads, KafkaStreams.State state,
                                                    String... threadStates) {
        KafkaStreams streams = mock(KafkaStreams.class);
        when(streams.state()).thenReturn(state);
        Set<ThreadMetadata> metadata = Stream.of(threadStates).map(threadState -> {
            ThreadMetadata thread = mock(ThreadMetadata.class);
            when(thread.threadState()).thenReturn(threadState);
            return thread;
        }).collect(Collectors.toSet());
        when(streams.metadataForLocalThreads()).thenReturn(metadata);
        StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
        when(factory.getKafkaStreams()).thenReturn(streams);
        when(factory.getStreamsConfiguration()).thenReturn(config(applicationId, threads));
        return factory;
    }

    private static Properties config(String applicationId, int threads) {
        Properties config = new Properties();
        config.setProperty("application.id", applicationId);
        config.setProperty("num.stream.threads", Integer.toString(threads));
        return config;
    }
}
