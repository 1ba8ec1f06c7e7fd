package io.roomsync.support;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import java.util.Set;

/**
 * Exports every Kafka Streams state-store meter under the same tag key for its store, so Prometheus accepts all of
 * them.
 *
 * <p>Kafka Streams names a store's tag by the store's kind: {@code rocksdb.state.id} for a key-value store,
 * {@code rocksdb.window.state.id} and {@code rocksdb.session.state.id} for window and session stores (the binder's
 * own metrics spell them with dashes), under the same metric names (e.g.
 * {@code kafka.stream.state.oldest.iterator.open.since.ms}). Prometheus requires one set of tag keys per metric name,
 * so the registry refused the second kind's meters ("registration has failed") and a service with both kinds
 * (role-sync's window dedupe store next to its key-value stores) exported only one kind. This naming convention
 * exports those keys as the key-value store's; a store's name (the tag's value) is unique within a service, so no two
 * series merge. It renames at export only: the meters' ids stay as Kafka Streams made them, so the Kafka metrics
 * binder still finds and removes a store's meters when its task moves away.
 */
public final class KafkaStreamsStoreMeterTags implements NamingConvention {

    /** The tag key every state-store meter is exported under (before the registry's own convention applies). */
    public static final String STORE_TAG = "rocksdb.state.id";

    private static final Set<String> OTHER_STORE_TAGS = Set.of("rocksdb.window.state.id", "rocksdb.session.state.id",
            "rocksdb-state-id", "rocksdb-window-state-id", "rocksdb-session-state-id");

    private final NamingConvention registrys;

    private KafkaStreamsStoreMeterTags(NamingConvention registrys) {
        this.registrys = registrys;
    }

    /**
     * The registry's own naming convention with the store tag keys made one.
     *
     * @param registrys the convention the registry had (e.g. Prometheus' snake case)
     * @return a convention that passes everything to {@code registrys}, store tag keys as {@value #STORE_TAG}
     */
    public static NamingConvention around(NamingConvention registrys) {
        return registrys instanceof KafkaStreamsStoreMeterTags ? registrys : new KafkaStreamsStoreMeterTags(registrys);
    }

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return registrys.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
        return registrys.tagKey(OTHER_STORE_TAGS.contains(key) ? STORE_TAG : key);
    }

    @Override
    public String tagValue(String value) {
        return registrys.tagValue(value);
    }
}
