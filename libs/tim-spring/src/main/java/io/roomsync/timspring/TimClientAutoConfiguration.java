package io.roomsync.timspring;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

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
}
