package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.rolesync.internal.ReconcileObservation;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.DeadLetterObserver;
import io.roomsync.support.TopicNames;
import io.roomsync.timspring.TimApps;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * role-sync's Kafka Streams functions (Spring Cloud Stream, Kafka Streams binder):
 * <ul>
 *   <li>{@code roleSync}: member commands, IM events and reconcile observations, all keyed by room, merged in one
 *       processor per partition (the topics have the same partition count, so a room's records meet in one task),
 *       exactly once; out go member states (keyed by member; a destroyed room's members as tombstones), command
 *       results (by room) and results by id;</li>
 *   <li>{@code memberStateView} and {@code commandResultView}: global tables of every member state and every recent
 *       result, so any replica answers the query API.</li>
 * </ul>
 */
@Configuration
public class RoleSyncTopology {

    static final String MEMBER_STATE_VIEW = "member-state-view";
    static final String COMMAND_RESULT_VIEW = "command-result-view";

    @Bean
    Serde<SpecificRecord> specificRecordSerde(AvroSerdes serdes) {
        return serdes.value();
    }

    @Bean
    Serde<MemberState> memberStateSerde(AvroSerdes serdes) {
        return serdes.value();
    }

    @Bean
    Serde<CommandResult> commandResultSerde(AvroSerdes serdes) {
        return serdes.value();
    }

    @Bean
    StoreBuilder<KeyValueStore<String, MemberState>> memberStatesStore(AvroSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsMemberStore.STATES), Serdes.String(),
                serdes.<MemberState>value());
    }

    @Bean
    StoreBuilder<WindowStore<String, Long>> appliedIdsStore(RoleSyncProperties properties) {
        Duration retention = properties.dedupeWindow().plusHours(1);
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(StreamsMemberStore.SEEN, retention,
                Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, String>> pendingExpiriesStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsMemberStore.EXPIRIES), Serdes.String(),
                Serdes.String());
    }

    /** The newest callback EventTime applied to each aspect of each member (see CallbackOrder). */
    @Bean
    StoreBuilder<KeyValueStore<String, Long>> memberCallbackTimesStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsMemberStore.CALLBACK_TIMES), Serdes.String(),
                Serdes.Long());
    }

    /** When recently destroyed rooms ended (see StateRetention), for late callbacks of the old room. */
    @Bean
    StoreBuilder<KeyValueStore<String, Long>> endedRoomsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsMemberStore.ENDED_ROOMS), Serdes.String(),
                Serdes.Long());
    }

    /** Room queues: commands waiting for Tencent (see StreamsRoomQueues). */
    @Bean
    StoreBuilder<KeyValueStore<String, MemberCommand>> heldCommandsStore(AvroSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRoomQueues.COMMANDS), Serdes.String(),
                serdes.<MemberCommand>value());
    }

    /** Room queues: callbacks waiting behind their room's commands. */
    @Bean
    StoreBuilder<KeyValueStore<String, ImEvent>> heldEventsStore(AvroSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRoomQueues.EVENTS), Serdes.String(),
                serdes.<ImEvent>value());
    }

    /** Room queues: reconcile observations waiting behind their room's commands. */
    @Bean
    StoreBuilder<KeyValueStore<String, ReconcileObservation>> heldObservationsStore(AvroSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRoomQueues.OBSERVATIONS), Serdes.String(),
                serdes.<ReconcileObservation>value());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, String>> heldRoomsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRoomQueues.ROOMS), Serdes.String(),
                Serdes.String());
    }

    @Bean
    Function<KStream<String, SpecificRecord>, Function<KStream<String, SpecificRecord>, Consumer<KStream<String, SpecificRecord>>>>
            roleSync(PermissionGateway tencent, TimApps apps, RoleSyncProperties properties, TopicNames topics,
                     AvroSerdes serdes, MeterRegistry meters) {
        CommandRules.Limits limits = new CommandRules.Limits(properties.maxMute(), properties.maxBan(),
                properties.maxMembersPerCommand());
        Serde<SpecificRecord> out = serdes.value();
        RoleSyncProcessor.Shared shared = new RoleSyncProcessor.Shared(tencent,
                new CallsInFlight(properties.maxCallsInFlight(), meters), meters, RoleSyncMetrics.RoomsByTask.held(meters),
                RoleSyncMetrics.RoomsByTask.waitingForSlot(meters), RoleSyncMetrics.RoomsByTask.waitingForPermit(meters));
        return commands -> events -> observations -> commands.merge(events).merge(observations)
                .process(() -> new RoleSyncProcessor(shared, properties, limits, apps.ids()),
                        StreamsMemberStore.STATES, StreamsMemberStore.SEEN, StreamsMemberStore.EXPIRIES,
                        StreamsMemberStore.CALLBACK_TIMES, StreamsMemberStore.ENDED_ROOMS, StreamsRoomQueues.COMMANDS,
                        StreamsRoomQueues.EVENTS, StreamsRoomQueues.OBSERVATIONS, StreamsRoomQueues.ROOMS)
                .to(router(topics, properties), Produced.with(Serdes.String(), out));
    }

    /** Records role-sync could not decode, dead-lettered by the binder: counted as those it could not process. */
    @Bean
    DeadLetterObserver roleSyncDeadLetters(MeterRegistry meters) {
        RoleSyncMetrics metrics = new RoleSyncMetrics(meters);
        return (topic, failure) -> metrics.deadLettered(topic);
    }

    /** Where each output goes: by its route header when it has one, by its type otherwise. */
    static TopicNameExtractor<String, SpecificRecord> router(TopicNames topics, RoleSyncProperties properties) {
        return (key, value, context) -> {
            String route = RoleSyncProcessor.route(context.headers());
            if (RoleSyncProcessor.ROUTE_RESULTS_BY_ID.equals(route)) {
                return properties.resultsByIdTopic();
            }
            if (route != null && route.startsWith(RoleSyncProcessor.ROUTE_DLQ)) {
                return Topic.dlqName(route.substring(RoleSyncProcessor.ROUTE_DLQ.length()));
            }
            return RoleSyncProcessor.isResult(value) ? topics.name(Topic.COMMAND_RESULTS) : topics.name(Topic.MEMBER_STATE);
        };
    }

    /** Every member state, materialised in every replica for the query API. */
    @Bean
    Consumer<GlobalKTable<String, MemberState>> memberStateView() {
        return table -> {
        };
    }

    /** Every command result by command id, for GET /v1/commands/{id}. */
    @Bean
    Consumer<GlobalKTable<String, CommandResult>> commandResultView() {
        return table -> {
        };
    }
}
