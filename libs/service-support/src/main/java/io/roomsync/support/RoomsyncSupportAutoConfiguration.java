package io.roomsync.support;

import io.roomsync.contract.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** The shared edges of every roomsync service: typed settings, and the catalogue topics created when missing. */
@AutoConfiguration
@EnableConfigurationProperties({ImAppsProperties.class, RoomsyncKafkaProperties.class, TopicNames.class})
public class RoomsyncSupportAutoConfiguration {

    @Bean
    AvroSerdes avroSerdes(org.springframework.core.env.Environment environment) {
        return new AvroSerdes(environment.getRequiredProperty("roomsync.registry.url"));
    }

    /** Every catalogue topic and its dead-letter twin, created by KafkaAdmin at start-up if missing. */
    @Bean
    @ConditionalOnProperty(name = "roomsync.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics roomsyncTopics(RoomsyncKafkaProperties kafka, TopicNames names) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(new NewTopic(names.name(topic), kafka.topicPartitions(), kafka.topicReplicationFactor())
                    .configs(topic.configs()));
            topics.add(new NewTopic(names.dlq(topic), kafka.topicPartitions(), kafka.topicReplicationFactor())
                    .configs(Topic.dlqConfigs()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
