package io.roomsync.rolesync;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.rolesync.adapter.kafka.Reconciler;
import io.roomsync.rolesync.adapter.tencent.TencentPermissions;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.tim.TimClient;
import io.roomsync.timspring.TimApps;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** role-sync: the single owner of member permissions in live rooms (architecture, sections 3-4). */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(RoleSyncProperties.class)
public class RoleSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoleSyncApplication.class, args);
    }

    @Bean
    PermissionGateway permissionGateway(TimClient tencent, TimApps apps, MeterRegistry meters) {
        return new TencentPermissions(tencent, apps, meters);
    }

    /**
     * role-sync's internal topics: the observations (partitioned like the room-keyed inputs, so an observation meets
     * its room's commands in one task) and the results by command id (compacted, a week), each with its dead-letter
     * twin (where role-sync puts a record of them it cannot decode).
     */
    @Bean
    KafkaAdmin.NewTopics roleSyncTopics(RoleSyncProperties properties, RoomsyncKafkaProperties kafka) {
        return new KafkaAdmin.NewTopics(
                new NewTopic(properties.observationTopic(), kafka.topicPartitions(), kafka.topicReplicationFactor())
                        .configs(java.util.Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(java.time.Duration.ofDays(1).toMillis()))),
                new NewTopic(properties.resultsByIdTopic(), kafka.topicPartitions(), kafka.topicReplicationFactor())
                        .configs(java.util.Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(java.time.Duration.ofDays(7).toMillis()))),
                new NewTopic(Topic.dlqName(properties.observationTopic()), kafka.topicPartitions(), kafka.topicReplicationFactor())
                        .configs(Topic.dlqConfigs()),
                new NewTopic(Topic.dlqName(properties.resultsByIdTopic()), kafka.topicPartitions(), kafka.topicReplicationFactor())
                        .configs(Topic.dlqConfigs()));
    }

    /** The reconcile schedule, when roomsync.role-sync.reconcile-interval is not zero. */
    @Bean
    SchedulingConfigurer reconcileSchedule(RoleSyncProperties properties, Reconciler reconciler) {
        return (ScheduledTaskRegistrar registrar) -> {
            if (!properties.reconcileInterval().isZero()) {
                registrar.addFixedDelayTask(new org.springframework.scheduling.config.FixedDelayTask(
                        reconciler::reconcileAll, properties.reconcileInterval(), properties.reconcileInterval()));
            }
        };
    }
}
