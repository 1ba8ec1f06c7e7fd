package io.roomsync.support;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives every Kafka Streams state-store meter the same tag key for its store, so Prometheus accepts all of them.
 *
 * <p>Kafka Streams names a store's tag by the store's kind: {@code rocksdb.state.id} for a key-value store,
 * {@code rocksdb.window.state.id} and {@code rocksdb.session.state.id} for window and session stores, under the same
 * metric names (e.g. {@code kafka.stream.state.oldest.iterator.open.since.ms}). Prometheus requires one set of tag keys
 * per metric name, so the registry refused the second kind's meters ("registration has failed") and a service with
 * both kinds (role-sync's window dedupe store next to its key-value stores) exported only one kind. This filter renames
 * the window and session keys to {@code rocksdb.state.id}; a store's name (the tag's value) is unique within a service,
 * so no two meters merge.
 */
public final class KafkaStreamsStoreMeterTags {

    /** The tag key every state-store meter carries after {@link #filter()}. */
    public static final String STORE_TAG = "rocksdb.state.id";

    private static final String STATE_METERS = "kafka.stream.state";

    private KafkaStreamsStoreMeterTags() {
    }

    /**
     * The filter: on meters whose name starts with {@code kafka.stream.state}, tag keys
     * {@code rocksdb.window.state.id} and {@code rocksdb.session.state.id} become {@value #STORE_TAG}; other meters
     * pass unchanged.
     *
     * @return a filter to register before the first Kafka Streams meter
     */
    public static MeterFilter filter() {
        MeterFilter window = MeterFilter.renameTag(STATE_METERS, "rocksdb.window.state.id", STORE_TAG);
        MeterFilter session = MeterFilter.renameTag(STATE_METERS, "rocksdb.session.state.id", STORE_TAG);
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return session.map(window.map(id));
            }
        };
    }
}
