package io.roomsync.support;

import io.roomsync.contract.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.stream.binder.kafka.streams.SendToDlqAndContinue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The shared edges of every roomsync service: typed settings, the catalogue topics created when missing, and, in the
 * Kafka Streams services, dead letters that say who wrote them and are counted, and (with the actuator) the
 * {@code streamThreads} health indicator their readiness group includes, and each Kafka Streams client's hand-over
 * settings ({@link StreamsHandover}).
 */
@AutoConfiguration
@EnableConfigurationProperties({ImAppsProperties.class, RoomsyncKafkaProperties.class, TopicNames.class,
        RoomsyncStreamsProperties.class})
public class RoomsyncSupportAutoConfiguration {

    /**
     * Replaces the Kafka Streams binder's dead-letter recoverer with {@link CountingDeadLetterRecoverer}: the binder's
     * own bypasses every metric and does not say which service wrote a dead letter. The service is
     * {@code roomsync.dead-letters.service} (each service sets its Kafka Streams application id; default
     * {@code spring.application.name}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.stream.binder.kafka.streams.SendToDlqAndContinue")
    static class DeadLetterCounting {

        @Bean
        static BeanPostProcessor roomsyncDeadLetterCounting(ObjectProvider<DeadLetterObserver> observers, Environment environment) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean.getClass() != SendToDlqAndContinue.class) {
                        return bean;
                    }
                    String service = environment.getProperty("roomsync.dead-letters.service",
                            environment.getProperty("spring.application.name", "unknown"));
                    return new CountingDeadLetterRecoverer(service, () -> observers.orderedStream().toList());
                }
            };
        }
    }

    /** One tag key for every Kafka Streams state-store meter ({@link KafkaStreamsStoreMeterTags}), in every registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class StoreMeterTagsConfiguration {

        @Bean
        static BeanPostProcessor roomsyncStoreMeterTags() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof io.micrometer.core.instrument.MeterRegistry registry) {
                        registry.config().namingConvention(KafkaStreamsStoreMeterTags.around(registry.config().namingConvention()));
                    }
                    return bean;
                }
            };
        }
    }

    /** The service's waits for the schema registry, shared by every serde of {@link AvroSerdes}. */
    @Bean(destroyMethod = "close")
    RegistryWaits registryWaits() {
        return new RegistryWaits();
    }

    @Bean
    AvroSerdes avroSerdes(org.springframework.core.env.Environment environment, RegistryWaits waits) {
        return new AvroSerdes(environment.getRequiredProperty("roomsync.registry.url"), waits);
    }

    /** Readiness contributor {@code schemaRegistry}: DOWN while a record waits for the registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class RegistryWaitsHealthConfiguration {

        @Bean
        RegistryWaitsHealthIndicator schemaRegistryHealthIndicator(RegistryWaits waits) {
            return new RegistryWaitsHealthIndicator(waits);
        }
    }

    /** Metric {@code roomsync.registry.waits} (Prometheus {@code roomsync_registry_waits_total}): one per retry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class RegistryWaitsMetricConfiguration {

        @Bean
        io.micrometer.core.instrument.binder.MeterBinder registryWaitsMetric(RegistryWaits waits) {
            return meters -> io.micrometer.core.instrument.FunctionCounter.builder("roomsync.registry.waits", waits, RegistryWaits::waits)
                    .description("Retries of a record's decoding or encoding while the schema registry could not answer")
                    .register(meters);
        }
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

    /** Static membership and the close of each Kafka Streams client (roomsync.streams.*), where a service runs one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.kafka.streams.KafkaStreams", "org.springframework.kafka.config.StreamsBuilderFactoryBean"})
    static class StreamsHandoverConfiguration {

        /**
         * Waits up to 60 s for a replaced thread to end (role-sync's task close alone may wait 30 s for its Tencent
         * calls), then 10 s for the broker.
         */
        @Bean(destroyMethod = "close")
        AdminDeadMembers deadStreamMembers() {
            return new AdminDeadMembers(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(10));
        }

        @Bean
        StreamThreadFailures streamThreadFailures(RoomsyncStreamsProperties settings, AdminDeadMembers deadMembers) {
            return new StreamThreadFailures(settings.threadReplacements().max(), settings.threadReplacements().window(),
                    java.time.Clock.systemUTC(), deadMembers);
        }

        @Bean
        StreamsBuilderFactoryBeanConfigurer streamsHandover(RoomsyncStreamsProperties settings, StreamThreadFailures failures) {
            return new StreamsHandover(settings, failures)::configure;
        }

        /**
         * Metric {@code roomsync.streams.thread.failures} (Prometheus {@code roomsync_streams_thread_failures_total}),
         * tagged {@code response}: stream threads replaced ({@code replace_thread}) and clients shut down
         * ({@code shutdown_client}) after a thread's uncaught exception.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
        static class StreamThreadFailuresMetricConfiguration {

            @Bean
            io.micrometer.core.instrument.binder.MeterBinder streamThreadFailuresMetric(StreamThreadFailures failures) {
                return meters -> {
                    io.micrometer.core.instrument.FunctionCounter.builder("roomsync.streams.thread.failures", failures,
                                    StreamThreadFailures::replaced)
                            .description("Stream threads ended by an uncaught exception, by what followed")
                            .tag("response", "replace_thread").register(meters);
                    io.micrometer.core.instrument.FunctionCounter.builder("roomsync.streams.thread.failures", failures,
                                    StreamThreadFailures::shutDown)
                            .description("Stream threads ended by an uncaught exception, by what followed")
                            .tag("response", "shutdown_client").register(meters);
                };
            }
        }
    }

    /** Stream-thread health, where a service runs Kafka Streams and has health indicators. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaStreams.class, HealthIndicator.class})
    static class StreamThreadsHealthConfiguration {

        @Bean
        StreamThreadsHealthIndicator streamThreadsHealthIndicator() {
            return new StreamThreadsHealthIndicator();
        }

        /** Liveness contributor {@code streamClients}: DOWN once a client has shut down for good ({@code ERROR}). */
        @Bean
        HealthIndicator streamClientsHealthIndicator(StreamThreadsHealthIndicator threads) {
            return threads.liveness();
        }

        /** Hands each Kafka Streams client Spring Cloud Stream builds to the indicator. */
        @Bean
        StreamsBuilderFactoryBeanConfigurer streamThreadsHealthWatch(StreamThreadsHealthIndicator indicator) {
            return indicator::watch;
        }
    }
}
