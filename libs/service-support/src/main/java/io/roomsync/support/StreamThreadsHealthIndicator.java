package io.roomsync.support;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Whether every Kafka Streams client of the service is working, for the readiness group (contributor name
 * {@code streamThreads}). Spring Cloud Stream's Kafka Streams binder answers an uncaught exception in a stream thread
 * with {@code SHUTDOWN_CLIENT}: the client goes to {@code ERROR} and stops every thread, and nothing is processed any
 * more. The binder's own health indicator sees that, but it sits under {@code binders}, outside readiness, and asks the
 * broker on every probe; this one reads the clients' own state only.
 *
 * <p>A client is UP when it is {@code RUNNING} or {@code REBALANCING} with all its configured threads
 * ({@code num.stream.threads}) alive; DOWN otherwise: not started or stopped, {@code PENDING_ERROR} / {@code ERROR},
 * or fewer live threads than configured (a thread that died and was not replaced). The details name each client by its
 * {@code application.id} with its state and its live and configured threads.
 */
public final class StreamThreadsHealthIndicator implements HealthIndicator {

    private final List<StreamsBuilderFactoryBean> factories = new CopyOnWriteArrayList<>();

    /** Follows one client; called for each as Spring Cloud Stream builds it (a {@code StreamsBuilderFactoryBeanConfigurer}). */
    public void watch(StreamsBuilderFactoryBean factory) {
        factories.add(factory);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (StreamsBuilderFactoryBean factory : factories) {
            Properties config = factory.getStreamsConfiguration();
            String name = config == null ? "streams" : config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, "streams");
            int configured = config == null ? 1 : Integer.parseInt(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
            KafkaStreams streams = factory.getKafkaStreams();
            Client client = streams == null ? new Client(null, 0, configured) : new Client(streams.state(), alive(streams), configured);
            health.withDetail(name, client.details());
            if (!client.working()) {
                health.status(Status.DOWN);
            }
        }
        return health.build();
    }

    /** Threads neither dead nor shutting down; none when the client cannot tell (it is then not working anyway). */
    private static int alive(KafkaStreams streams) {
        try {
            return (int) streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadState)
                    .filter(state -> !"DEAD".equals(state) && !"PENDING_SHUTDOWN".equals(state)).count();
        } catch (RuntimeException notRunning) {
            return 0;
        }
    }

    /**
     * One client as the indicator judges it.
     *
     * @param state      its state; null when it was never started or has been stopped
     * @param alive      its live stream threads
     * @param configured its {@code num.stream.threads}
     */
    record Client(KafkaStreams.State state, int alive, int configured) {

        boolean working() {
            return state != null && state.isRunningOrRebalancing() && alive >= configured;
        }

        Map<String, Object> details() {
            return Map.of("state", state == null ? "NOT_STARTED" : state.name(), "aliveThreads", alive, "threads", configured);
        }
    }
}
