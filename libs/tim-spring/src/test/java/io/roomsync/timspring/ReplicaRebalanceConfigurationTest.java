package io.roomsync.timspring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/** Each Kafka Streams client the binder builds tells the replica watcher of its rebalances, where a replica group is set. */
class ReplicaRebalanceConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(TimClientAutoConfiguration.ReplicaRebalanceConfiguration.class)
            .withBean(ReplicaShareWatcher.class, () -> new ReplicaShareWatcher(count -> { }, NoMembers::new, "g", Duration.ofSeconds(5)));

    /** A group with no member yet. */
    private static final class NoMembers implements ReplicaShareWatcher.GroupMembers {
        @Override
        public List<LiveReplicas.Member> describe(Duration timeout) {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void withAReplicaGroupEachStreamsClientGetsTheRebalanceListener() {
        context.withPropertyValues("roomsync.tencent.replica-group=roomsync-role-sync").run(started -> {
            // Given the configurer the context made
            List<StreamsBuilderFactoryBeanConfigurer> configurers = List.copyOf(
                    started.getBeansOfType(StreamsBuilderFactoryBeanConfigurer.class).values());
            assertThat(configurers).hasSize(1);

            // When the binder hands it a client's factory
            StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
            configurers.get(0).configure(factory);

            // Then the client's state listener is the rebalance refresh
            verify(factory).setStateListener(any(RebalanceRefresh.class));
        });
    }

    @Test
    void withoutAReplicaGroupNoListenerIsSet() {
        context.run(started -> assertThat(started.getBeansOfType(StreamsBuilderFactoryBeanConfigurer.class)).isEmpty());
    }
}
