package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.times;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.MockedConstruction;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.util.ReflectionTestUtils;

/** What each Kafka Streams client gets from roomsync.streams.*: its static-membership name and how it closes. */
class StreamsHandoverTest {

    private static final RoomsyncStreamsProperties.ThreadReplacements REPLACEMENTS =
            new RoomsyncStreamsProperties.ThreadReplacements(10, Duration.ofMinutes(10));
    private static final StreamThreadFailures FAILURES = new StreamThreadFailures(10, Duration.ofMinutes(10), Clock.systemUTC());

    private static StreamsBuilderFactoryBean client() {
        return new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "roomsync-role-sync", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1")));
    }

    @Test
    void aReplicaWithANameBecomesAStaticMemberAndClosesAsConfigured() {
        // Given the pod role-sync-1, a 20 s close timeout, and a client the binder built
        StreamsHandover handover = new StreamsHandover(new RoomsyncStreamsProperties(1, "role-sync-1", Duration.ofSeconds(20), true, REPLACEMENTS), FAILURES);
        StreamsBuilderFactoryBean client = client();

        // When the handover configures it
        handover.configure(client);

        // Then its configuration keeps the binder's settings and adds group.instance.id, and it closes in 20 s leaving its groups
        Properties configuration = client.getStreamsConfiguration();
        assertThat(configuration).containsExactlyInAnyOrderEntriesOf(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "roomsync-role-sync", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1", "group.instance.id", "role-sync-1"));
        assertThat(ReflectionTestUtils.getField(client, "closeTimeout")).isEqualTo(Duration.ofSeconds(20));
        assertThat(ReflectionTestUtils.getField(client, "leaveGroupOnClose")).isEqualTo(true);
    }

    @Test
    void aReplicaWithoutANameStaysADynamicMember() {
        // Given no instance id (blank, as an unset environment variable leaves it)
        StreamsHandover handover = new StreamsHandover(new RoomsyncStreamsProperties(0, "  ", Duration.ofSeconds(20), false, REPLACEMENTS), FAILURES);
        StreamsBuilderFactoryBean client = client();

        // When the handover configures the client
        handover.configure(client);

        // Then no group.instance.id is set (Kafka refuses an empty one), and it stays in its groups on close as asked
        assertThat(client.getStreamsConfiguration()).doesNotContainKey("group.instance.id").hasSize(3);
        assertThat(ReflectionTestUtils.getField(client, "leaveGroupOnClose")).isEqualTo(false);
    }

    @Test
    void aCloseTimeoutBetweenWholeSecondsRoundsUp() {
        // Given a close timeout of 1.5 s (Spring Kafka takes whole seconds)
        StreamsHandover handover = new StreamsHandover(new RoomsyncStreamsProperties(0, null, Duration.ofMillis(1500), false, REPLACEMENTS), FAILURES);

        // Then the client is given 2 s, not 1
        assertThat(handover.closeTimeoutSeconds()).isEqualTo(2);
    }

    @Test
    void theClientGetsRoomsyncsHandlerAfterTheBindersOwn() throws Exception {
        // Given a static member's client the handover configured, with the binder's handler set on the factory afterwards
        // (as its manager does just before starting it: SHUTDOWN_CLIENT for anything)
        StreamsBuilderFactoryBean client = client();
        new StreamsHandover(new RoomsyncStreamsProperties(1, "role-sync-1", Duration.ofSeconds(20), true, REPLACEMENTS), FAILURES)
                .configure(client);
        StreamsUncaughtExceptionHandler binders = exception -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        client.setStreamsUncaughtExceptionHandler(binders);
        client.afterPropertiesSet();
        client.getObject().stream("roomsync.member-commands.v1");
        client.afterSingletonsInstantiated();

        // When the factory starts the client (the Kafka Streams client itself a mock that records what it is given)
        try (MockedConstruction<KafkaStreams> created = mockConstruction(KafkaStreams.class)) {
            client.start();

            // Then the client is given the binder's handler first and roomsync's for this client last, which is the one
            // Kafka Streams keeps; it replaces a thread ended by an aborted transaction
            KafkaStreams streams = created.constructed().get(0);
            ArgumentCaptor<StreamsUncaughtExceptionHandler> handlers = ArgumentCaptor.forClass(StreamsUncaughtExceptionHandler.class);
            InOrder order = inOrder(streams);
            order.verify(streams, times(2)).setUncaughtExceptionHandler(handlers.capture());
            order.verify(streams).start();
            assertThat(handlers.getAllValues().get(0)).isSameAs(binders);
            assertThat(handlers.getAllValues().get(1).handle(new StreamsException(new InvalidTxnStateException("invalid state"))))
                    .isEqualTo(StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        }
    }
}
