package io.roomsync.timspring;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * One {@link TimClient} per service (its rate limits hold for the whole process, at its share of the deployment's),
 * the apps it calls, and the watcher of the replicas that share the budgets.
 */
@AutoConfiguration
@EnableConfigurationProperties(TencentProperties.class)
public class TimClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    TimClient timClient(TencentProperties tencent, MeterRegistry meters) {
        return new TimClient(TimClientConfig.custom()
                .ratePerSecond(tencent.ratePerSecond())
                .attributeWritesPerSecond(tencent.attributeWritesPerSecond())
                .maxAttempts(tencent.maxAttempts())
                .initialBackoff(tencent.initialBackoff())
                .maxBackoff(tencent.maxBackoff())
                .readTimeout(tencent.readTimeout())
                .openStateWait(tencent.openStateWait())
                .build(), meters);
    }

    /**
     * Shares the Tencent budgets among the live replicas of the service's consumer group
     * ({@code roomsync.tencent.replica-group}); none when it is not set.
     */
    @Bean
    @ConditionalOnExpression("!'${roomsync.tencent.replica-group:}'.isEmpty()")
    ReplicaShareWatcher replicaShareWatcher(TimClient timClient, TencentProperties tencent, RoomsyncKafkaProperties kafka) {
        return new ReplicaShareWatcher(timClient, kafka.clientProperties(), tencent.replicaGroup(), tencent.replicaRefresh());
    }

    @Bean
    TimApps timApps(ImAppsProperties apps) {
        return new TimApps(apps);
    }

    /**
     * Makes the replica watcher the state listener of each Kafka Streams client the binder builds, so a rebalance (a
     * replica joined or left) shares the budgets again at once rather than at the next {@code replica-refresh}. The
     * factory holds one state listener: no other part of roomsync sets one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.kafka.streams.KafkaStreams", "org.springframework.kafka.config.StreamsBuilderFactoryBean"})
    @ConditionalOnExpression("!'${roomsync.tencent.replica-group:}'.isEmpty()")
    static class ReplicaRebalanceConfiguration {

        @Bean
        StreamsBuilderFactoryBeanConfigurer replicaShareOnRebalance(ReplicaShareWatcher watcher) {
            return factory -> factory.setStateListener(new RebalanceRefresh(watcher::refreshNow));
        }
    }
}
