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
 * {@code streamThreads}). An uncaught exception in a stream thread either replaces the thread or shuts the whole
 * client down ({@link StreamThreadFailures}): then the client goes to {@code ERROR}, stops every thread, and nothing is
 * processed any more. The binder's own health indicator sees that, but it sits under {@code binders}, outside
 * readiness, and asks the broker on every probe; this one reads the clients' own state only.
 *
 * <p>A client is UP when it is {@code RUNNING} or {@code REBALANCING}, none of its threads has ended, and all its
 * configured threads ({@code num.stream.threads}) are alive, or none at all: Kafka Streams runs no stream thread for a
 * topology of global tables only (role-sync's query views). It is DOWN otherwise: not started or stopped,
 * {@code PENDING_ERROR} / {@code ERROR}, a thread dead or shutting down, or fewer live threads than configured. The
 * details name each client by its {@code application.id} with its state and its live, ended and configured threads.
 *
 * <p>A client that is rebalancing, or still restoring a task it took over, is UP on purpose. Readiness decides whether
 * the pod gets HTTP traffic, and nothing roomsync serves over HTTP reads a task's store: commands are published to a
 * topic, and role-sync's views are global tables, restored before the client first runs. DOWN while restoring would
 * take every replica out of its Service at once in each rebalance (every replica restores or warms up something), and
 * would hold a rolling restart on a replica whose restore the next pod's restart does not need (a static member's
 * tasks wait for that member, not for its peers). How long tasks wait is measured and reported as the failover pause
 * (README, "Kubernetes: pod failures and rolling restarts"), not signalled through readiness.
 *
 * <p>{@link #liveness()} is a second view of the same clients, for the liveness group (contributor
 * {@code streamClients}): DOWN only once a client has shut down for good ({@code PENDING_ERROR} or {@code ERROR}), which
 * only a restart of the process undoes. A dead thread being replaced ({@link StreamThreadFailures}), a rebalance or a
 * client not started yet leaves it UP: restarting the pod would not help them.
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
            String name = name(config);
            int configured = config == null ? 1 : Integer.parseInt(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
            KafkaStreams streams = factory.getKafkaStreams();
            Client client = streams == null ? new Client(null, List.of(), configured) : new Client(streams.state(), threads(streams), configured);
            health.withDetail(name, client.details());
            if (!client.working()) {
                health.status(Status.DOWN);
            }
        }
        return health.build();
    }

    /** The liveness view: DOWN while any watched client is in {@code PENDING_ERROR} or {@code ERROR}. */
    public HealthIndicator liveness() {
        return () -> {
            Health.Builder health = Health.up();
            for (StreamsBuilderFactoryBean factory : factories) {
                KafkaStreams streams = factory.getKafkaStreams();
                KafkaStreams.State state = streams == null ? null : streams.state();
                health.withDetail(name(factory.getStreamsConfiguration()), state == null ? "NOT_STARTED" : state.name());
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
                    health.status(Status.DOWN);
                }
            }
            return health.build();
        };
    }

    private static String name(Properties config) {
        return config == null ? "streams" : config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, "streams");
    }

    /** The states of the client's stream threads; none when the client cannot tell (it is then not running anyway). */
    private static List<String> threads(KafkaStreams streams) {
        return localThreads(streams).stream().map(ThreadMetadata::threadState).toList();
    }

    /**
     * The client's stream threads as it reports them ({@code metadataForLocalThreads}); none when it cannot tell (it
     * throws when not running).
     */
    static List<ThreadMetadata> localThreads(KafkaStreams streams) {
        try {
            return List.copyOf(streams.metadataForLocalThreads());
        } catch (RuntimeException notRunning) {
            return List.of();
        }
    }

    /**
     * One client as the indicator judges it.
     *
     * @param state        its state; null when it was never started or has been stopped
     * @param threadStates the states of its stream threads ({@code RUNNING}, {@code DEAD}, ...)
     * @param configured   its {@code num.stream.threads}
     */
    record Client(KafkaStreams.State state, List<String> threadStates, int configured) {

        long ended() {
            return threadStates.stream().filter(thread -> thread.equals("DEAD") || thread.equals("PENDING_SHUTDOWN")).count();
        }

        long alive() {
            return threadStates.size() - ended();
        }

        boolean working() {
            return state != null && state.isRunningOrRebalancing() && ended() == 0 && (alive() == 0 || alive() >= configured);
        }

        Map<String, Object> details() {
            return Map.of("state", state == null ? "NOT_STARTED" : state.name(), "aliveThreads", alive(),
                    "endedThreads", ended(), "threads", configured);
        }
    }
}
