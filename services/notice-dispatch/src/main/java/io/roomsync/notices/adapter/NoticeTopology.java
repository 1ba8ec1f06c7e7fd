package io.roomsync.notices.adapter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Topic;
import io.roomsync.notices.NoticeProperties;
import io.roomsync.notices.domain.CallSlots;
import io.roomsync.notices.domain.Dispatcher;
import io.roomsync.notices.domain.MemberNotice;
import io.roomsync.notices.domain.NoticeGateway;
import io.roomsync.notices.domain.PendingRoom;
import io.roomsync.notices.domain.Programme;
import io.roomsync.notices.domain.SnapshotQueue;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.DeadLetterObserver;
import io.roomsync.support.TopicNames;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * notice-dispatch's Kafka Streams function (Spring Cloud Stream, Kafka Streams binder): member states (keyed by member;
 * tombstones when role-sync removed a destroyed room's members) and notices (keyed by room) re-keyed by {@code app/room}
 * ({@link ByRoom}) and repartitioned, so all of a room's inputs meet in one task, exactly once; messages given up go to
 * the notices' dead-letter topic.
 */
@Configuration
public class NoticeTopology {

    @Bean
    Serde<SpecificRecord> specificRecordSerde(AvroSerdes serdes) {
        return serdes.value();
    }

    @Bean
    StoreBuilder<KeyValueStore<String, PendingRoom>> pendingRoomsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRooms.PENDING), Serdes.String(),
                new JsonSerde<>(PendingRoom.class));
    }

    @Bean
    StoreBuilder<KeyValueStore<String, Long>> notifiedVersionsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRooms.NOTIFIED), Serdes.String(), Serdes.Long());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, MemberNotice>> roomMembersStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRooms.MEMBERS), Serdes.String(),
                new JsonSerde<>(MemberNotice.class));
    }

    @Bean
    StoreBuilder<KeyValueStore<String, Long>> snapshotNumbersStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRooms.SNAPSHOTS), Serdes.String(), Serdes.Long());
    }

    @Bean
    StoreBuilder<KeyValueStore<String, Programme>> roomProgrammesStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamsRooms.PROGRAMMES), Serdes.String(),
                new JsonSerde<>(Programme.class));
    }

    @Bean
    StoreBuilder<WindowStore<String, Long>> seenNoticesStore(NoticeProperties properties) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(StreamsRooms.SEEN, properties.dedupeWindow().plusHours(1),
                Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
    }

    /**
     * The process's bound on Tencent calls in flight ({@code max-in-flight}), shared by every stream task, with its
     * gauge {@code roomsync_notices_in_flight}.
     */
    @Bean
    CallSlots noticeCallSlots(NoticeProperties properties, MeterRegistry meters) {
        CallSlots slots = new CallSlots(properties.maxInFlight());
        Gauge.builder("roomsync.notices.in.flight", slots, CallSlots::inFlight)
                .description("Tencent calls (messages and snapshot writes) in flight now, over all rooms of the process")
                .register(meters);
        return slots;
    }

    /**
     * The process's queue of due room snapshots ({@link SnapshotQueue}: the order in which they take the app's attribute
     * writes), shared by every stream task, with its gauge {@code roomsync_notices_snapshots_waiting}.
     */
    @Bean
    SnapshotQueue noticeSnapshotQueue(MeterRegistry meters, NoticeProperties properties) {
        // An entry is re-queued by its task each tick: it is stale only after many ticks missed, whatever the tick.
        Duration staleAfter = properties.tick().multipliedBy(20);
        SnapshotQueue queue = new SnapshotQueue(staleAfter.compareTo(SnapshotQueue.DEFAULT_STALE_AFTER) > 0
                ? staleAfter : SnapshotQueue.DEFAULT_STALE_AFTER);
        Gauge.builder("roomsync.notices.snapshots.waiting", queue, SnapshotQueue::waiting)
                .description("Due room snapshots waiting for an attribute write (or a call slot) now, over all rooms of the process")
                .register(meters);
        return queue;
    }

    @Bean
    Function<KStream<String, SpecificRecord>, Consumer<KStream<String, SpecificRecord>>> dispatchNotices(
            NoticeGateway tencent, CallSlots slots, SnapshotQueue snapshotQueue, NoticeProperties properties, TopicNames topics, AvroSerdes serdes,
            MeterRegistry meters) {
        Dispatcher.Settings settings = new Dispatcher.Settings(properties.coalesceWindow(), properties.roomRatePerSecond(),
                properties.maxMembersPerMessage(), properties.maxFailures(), properties.initialBackoff(), properties.maxBackoff(),
                properties.snapshotParts(), properties.snapshotInterval());
        Serde<SpecificRecord> avro = serdes.value();
        return states -> notices -> states.merge(notices)
                .process(ByRoom::new)
                .repartition(Repartitioned.<String, SpecificRecord>as("by-room").withKeySerde(Serdes.String()).withValueSerde(avro))
                .process(() -> new NoticeProcessor(tencent, slots, snapshotQueue, settings, properties.dedupeWindow(), properties.tick(),
                                properties.sweepInterval(), meters, topics.name(Topic.NOTICES)),
                        StreamsRooms.PENDING, StreamsRooms.NOTIFIED, StreamsRooms.MEMBERS, StreamsRooms.SNAPSHOTS, StreamsRooms.SEEN,
                        StreamsRooms.PROGRAMMES)
                .to(topics.dlq(Topic.NOTICES), Produced.with(Serdes.String(), avro));
    }

    /** Records notice-dispatch could not decode, dead-lettered by the binder: counted with the messages given up. */
    @Bean
    DeadLetterObserver noticeDeadLetters(MeterRegistry meters) {
        return (topic, failure) -> NoticeProcessor.countDeadLetter(meters, topic);
    }
}
