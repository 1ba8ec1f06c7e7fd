package io.roomsync.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.ingest.adapter.http.BenchController;
import io.roomsync.ingest.adapter.http.CallbackController;
import io.roomsync.ingest.adapter.kafka.KafkaEventPublisher;
import io.roomsync.ingest.adapter.kafka.ProducerWarmUp;
import io.roomsync.ingest.adapter.kafka.SchemaWarmUp;
import io.roomsync.ingest.domain.CallbackCheck;
import io.roomsync.ingest.domain.CallbackParser;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.CompactedTopicReplica;
import io.roomsync.support.CompactedTopicReplicaHealthIndicator;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.support.RegistryWaits;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.support.TopicNames;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** ingest: the callback edge of roomsync (architecture, section 5). */
@SpringBootApplication
@EnableConfigurationProperties(IngestProperties.class)
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CallbackCheck callbackCheck(ImAppsProperties apps, IngestProperties ingest) {
        Map<Long, String> tokens = new LinkedHashMap<>();
        for (ImAppsProperties.App app : apps.apps()) {
            if (!app.hasCallbackToken() && ingest.requireSignature()) {
                throw new IllegalStateException("app " + app.sdkAppId() + " has no callback token (roomsync.im.apps[].callback-token,"
                        + " ROOMSYNC_IM_CALLBACK_TOKEN): set the token configured in the IM console, or set"
                        + " roomsync.ingest.require-signature=false to accept unsigned callbacks");
            }
            tokens.put(app.sdkAppId(), app.hasCallbackToken() ? app.callbackToken() : "");
        }
        return new CallbackCheck(tokens, ingest.signatureMaxAge());
    }

    @Bean
    CallbackIntake callbackIntake(CallbackCheck check, KafkaTemplate<String, ImEvent> template, TopicNames topics,
                                  ObjectProvider<BeforeSendModeration> moderation, IngestProperties ingest, MeterRegistry meters) {
        return new CallbackIntake(check, new CallbackParser(), new KafkaEventPublisher(template, topics.name(Topic.IM_EVENTS)),
                moderation.getIfAvailable(), ingest.publishTimeout(), (int) ingest.maxBodySize().toBytes(), meters);
    }

    /**
     * The one value serializer of ingest's producer, so that {@link SchemaWarmUp} resolves ImEvent's schema in the very
     * cache every publish reads. It does not wait for the registry: a publish that needs it fails fast (503). The
     * producer neither configures it again (that would reset its cache) nor closes it (a producer closed after an error
     * must not take the cache with it).
     */
    @Bean
    Serializer<ImEvent> imEventSerializer(AvroSerdes serdes) {
        Serializer<ImEvent> apicurio = serdes.impatientValueSerializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, ImEvent event) {
                return apicurio.serialize(topic, event);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, ImEvent event) {
                return apicurio.serialize(topic, headers, event);
            }
        };
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultKafkaProducerFactoryCustomizer imEventSerializerOfTheProducer(Serializer<ImEvent> imEventSerializer) {
        return factory -> {
            factory.setConfigureSerializers(false);
            ((DefaultKafkaProducerFactory) factory).setValueSerializer(imEventSerializer);
        };
    }

    @Bean
    ProducerWarmUp producerWarmUp(KafkaTemplate<String, ImEvent> template, TopicNames topics) {
        String topic = topics.name(Topic.IM_EVENTS);
        return new ProducerWarmUp(() -> template.partitionsFor(topic), topic);
    }

    @Bean
    SchemaWarmUp schemaWarmUp(Serializer<ImEvent> imEventSerializer, TopicNames topics, RegistryWaits waits) {
        return new SchemaWarmUp(imEventSerializer, topics.name(Topic.IM_EVENTS), waits);
    }

    @Bean
    PolicyBook policyBook() {
        return new PolicyBook();
    }

    /** The local copy of the moderation policy the Before-send verdict decides from. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "roomsync.ingest.before-send-verdict", havingValue = "true", matchIfMissing = true)
    CompactedTopicReplica<ModerationPolicy> policyReplica(PolicyBook book, RoomsyncKafkaProperties kafka, AvroSerdes serdes,
                                                          TopicNames topics, MeterRegistry meters) {
        Counter unreadable = Counter.builder("roomsync.ingest.policy.unreadable")
                .description("Policy records that could not be read or were refused; the rules in force stay").register(meters);
        return new CompactedTopicReplica<>(kafka.clientProperties(), topics.name(Topic.MODERATION_POLICY),
                serdes.<ModerationPolicy>value().deserializer(), book::apply, unreadable::increment).start();
    }

    /**
     * The policy replica's health, in the readiness group as {@code policyReplica}: DOWN once its thread has ended (every
     * Before-send verdict would otherwise be decided without policies for good). UP when the verdict is off.
     */
    @Bean
    HealthIndicator policyReplicaHealthIndicator(ObjectProvider<CompactedTopicReplica<ModerationPolicy>> policyReplica) {
        CompactedTopicReplica<ModerationPolicy> replica = policyReplica.getIfAvailable();
        return replica != null ? new CompactedTopicReplicaHealthIndicator(replica)
                : () -> Health.up().withDetail("replica", "off: roomsync.ingest.before-send-verdict is false").build();
    }

    @Bean
    @ConditionalOnBean(name = "policyReplica")
    BeforeSendModeration beforeSendModeration(PolicyBook book, CompactedTopicReplica<ModerationPolicy> policyReplica,
                                              MeterRegistry meters) {
        return new BeforeSendModeration(book, policyReplica::loaded, meters);
    }

    @Bean
    CallbackController callbackController(CallbackIntake intake, Clock clock) {
        return new CallbackController(intake, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "roomsync.ingest.bench-endpoint", havingValue = "true")
    BenchController benchController(CallbackCheck check, IngestProperties ingest, ObjectProvider<BeforeSendModeration> moderation,
                                    Clock clock) {
        CallbackIntake nothingPublished = new CallbackIntake(check, new CallbackParser(),
                (key, event) -> CompletableFuture.completedFuture(null), moderation.getIfAvailable(), ingest.publishTimeout(),
                (int) ingest.maxBodySize().toBytes(), new SimpleMeterRegistry());
        return new BenchController(nothingPublished, clock);
    }
}
