package io.roomsync.support;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Applies {@link RoomsyncStreamsProperties} to each Kafka Streams client Spring Cloud Stream builds, before it starts:
 * its static-membership name ({@code group.instance.id}, only when the replica has one: an empty id is refused by
 * Kafka), how long stopping waits for it to close, and whether it leaves its groups then. The binder has no setting of
 * its own for the last two (they are {@link StreamsBuilderFactoryBean}'s), which is why this is code and not YAML.
 */
public final class StreamsHandover {

    private final RoomsyncStreamsProperties settings;

    public StreamsHandover(RoomsyncStreamsProperties settings) {
        this.settings = settings;
    }

    /** Called for each client as the binder builds it (a {@code StreamsBuilderFactoryBeanConfigurer}). */
    public void configure(StreamsBuilderFactoryBean factory) {
        factory.setStreamsConfiguration(streamsConfiguration(factory.getStreamsConfiguration()));
        factory.setCloseTimeout(closeTimeoutSeconds());
        factory.setLeaveGroupOnClose(settings.leaveGroupOnClose());
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
