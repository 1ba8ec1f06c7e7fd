package io.roomsync.moderation.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.moderation.ModerationProperties;
import io.roomsync.moderation.domain.Moderator;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.DeadLetterObserver;
import io.roomsync.support.TopicNames;
import io.roomsync.tim.TimClient;
import io.roomsync.timspring.TimApps;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * moderation's Kafka Streams function (Spring Cloud Stream, Kafka Streams binder), {@code moderate}: IM events
 * (keyed by room) and member states re-keyed by room (so a room's admins are known in the task that sees its
 * messages) merge into one processor per partition, exactly once; member commands go to role-sync's topic and
 * decisions to the audit trail, both keyed by room. Delivered texts also go, re-keyed by fingerprint, through
 * {@link AppWaveProcessor}, and the messages of app-wide spam waves come back to their room's processor.
 */
@Configuration
public class ModerationTopology {

    /**
     * Records moderation could not decode, dead-lettered by the binder (to the source topic's {@code .dlq}):
     * {@code roomsync_moderation_dead_lettered_total{topic}}, by source topic.
     */
    @Bean
    DeadLetterObserver moderationDeadLetters(MeterRegistry meters) {
        return (topic, failure) -> Counter.builder("roomsync.moderation.dead.lettered").tag("topic", topic)
                .description("Records moderation sent to a dead-letter topic, by source topic").register(meters).increment();
    }

    @Bean
    Serde<SpecificRecord> specificRecordSerde(AvroSerdes serdes) {
        return serdes.value();
    }

    @Bean
    StoreBuilder<KeyValueStore<String, byte[]>> memberConductStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ModerationProcessor.CONDUCT), Serdes.String(), Serdes.ByteArray());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, byte[]>> textSendersStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ModerationProcessor.SENDERS), Serdes.String(), Serdes.ByteArray());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, byte[]>> appTextSendersStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AppWaveProcessor.SENDERS), Serdes.String(), Serdes.ByteArray());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, String>> exemptMembersStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ModerationProcessor.EXEMPT), Serdes.String(), Serdes.String());
    }

    @Bean
    Function<KStream<String, SpecificRecord>, Consumer<KStream<String, SpecificRecord>>> moderate(
            PolicyBook policies, PolicyReplica replica, TimClient tencent, TimApps apps, ModerationProperties properties,
            TopicNames topics, AvroSerdes serdes, MeterRegistry meters) {
        Serde<SpecificRecord> values = serdes.value();
        Moderator moderator = new Moderator(properties.requester());
        return events -> states -> {
            KStream<String, SpecificRecord> rolesByRoom = states
                    .filter((key, value) -> value instanceof MemberState)
                    .selectKey((key, value) -> Keys.room(((MemberState) value).getRoom()))
                    .repartition(Repartitioned.<String, SpecificRecord>as("member-state-by-room")
                            .withKeySerde(Serdes.String()).withValueSerde(values));
            KStream<String, SpecificRecord> appWaves = events
                    .selectKey((key, value) -> AppWaveProcessor.textKey(value, policies))
                    .filter((key, value) -> key != null)
                    .repartition(Repartitioned.<String, SpecificRecord>as("texts-by-fingerprint")
                            .withKeySerde(Serdes.String()).withValueSerde(values))
                    .process(() -> new AppWaveProcessor(policies, meters), AppWaveProcessor.SENDERS)
                    .repartition(Repartitioned.<String, SpecificRecord>as("app-waves-by-room")
                            .withKeySerde(Serdes.String()).withValueSerde(values));
            events.merge(rolesByRoom).merge(appWaves)
                    .process(() -> new ModerationProcessor(moderator, policies, replica::loaded, tencent, apps, meters),
                            ModerationProcessor.CONDUCT, ModerationProcessor.SENDERS, ModerationProcessor.EXEMPT)
                    .to(router(topics), Produced.with(Serdes.String(), values));
        };
    }

    /** Commands to role-sync's topic, decisions to the audit trail. */
    static TopicNameExtractor<String, SpecificRecord> router(TopicNames topics) {
        return (key, value, context) -> value instanceof MemberCommand
                ? topics.name(Topic.MEMBER_COMMANDS) : topics.name(Topic.MODERATION_DECISIONS);
    }
}
