package io.roomsync.support;

import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Applies {@link RoomsyncStreamsProperties} to each Kafka Streams client Spring Cloud Stream builds, before it starts:
 * its static-membership name ({@code group.instance.id}, only when the replica has one: an empty id is refused by
 * Kafka), how long stopping waits for it to close, whether it leaves its groups then, and what a stream thread's death
 * leads to ({@link StreamThreadFailures}). The binder has no setting of its own for these (they are
 * {@link StreamsBuilderFactoryBean}'s), which is why this is code and not YAML.
 */
public final class StreamsHandover {

    private final RoomsyncStreamsProperties settings;
    private final StreamThreadFailures threadFailures;

    /**
     * @param settings       roomsync.streams.*
     * @param threadFailures what every client does when a stream thread dies of an uncaught exception
     */
    public StreamsHandover(RoomsyncStreamsProperties settings, StreamThreadFailures threadFailures) {
        this.settings = settings;
        this.threadFailures = threadFailures;
    }

    /** Called for each client as the binder builds it (a {@code StreamsBuilderFactoryBeanConfigurer}). */
    public void configure(StreamsBuilderFactoryBean factory) {
        Properties configuration = streamsConfiguration(factory.getStreamsConfiguration());
        factory.setStreamsConfiguration(configuration);
        factory.setCloseTimeout(closeTimeoutSeconds());
        factory.setLeaveGroupOnClose(settings.leaveGroupOnClose());
        // Set on the client itself as it is created: the binder's manager sets the factory's handler (always
        // SHUTDOWN_CLIENT) just before starting it, after every configurer, and the factory applies its customizer last.
        factory.setKafkaStreamsCustomizer(streams -> streams.setUncaughtExceptionHandler(
                threadFailures.forClient(configuration, () -> liveThreads(streams))));
    }

    /** The names of {@code streams}' stream threads that have not ended; none when it cannot tell (not running). */
    static Set<String> liveThreads(KafkaStreams streams) {
        return StreamThreadsHealthIndicator.localThreads(streams).stream()
                .filter(thread -> !thread.threadState().equals("DEAD"))
                .map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }

    /**
     * The client's configuration with {@code group.instance.id} set to the replica's name, or left as it is when the
     * replica has none.
     *
     * @param configured the binder's configuration of the client (not changed)
     */
    Properties streamsConfiguration(Properties configured) {
        Properties result = new Properties();
        result.putAll(configured);
        settings.staticInstanceId().ifPresent(id -> result.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return result;
    }

    /** The close timeout in whole seconds (Spring Kafka's unit), rounded up so that 1.5 s does not become 1 s. */
    int closeTimeoutSeconds() {
        long millis = settings.closeTimeout().toMillis();
        return (int) Math.max(1, (millis + 999) / 1000);
    }
}
