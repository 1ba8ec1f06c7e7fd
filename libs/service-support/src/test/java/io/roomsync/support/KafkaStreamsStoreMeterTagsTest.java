package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class KafkaStreamsStoreMeterTagsTest {

    private static final String OLDEST_ITERATOR = "kafka.stream.state.oldest.iterator.open.since.ms";

    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(KafkaStreamsStoreMeterTags.around(registry.config().namingConvention()));
        return registry;
    }

    private static java.util.List<String> oldestIteratorLines(PrometheusMeterRegistry registry) {
        return registry.scrape().lines().filter(line -> line.startsWith("kafka_stream_state_oldest_iterator_open_since_ms{")).toList();
    }

    @Test
    void keyValueWindowAndSessionStoreMetersAreAllExportedUnderOneTagKey() {
        // Given a Prometheus registry with the convention
        PrometheusMeterRegistry registry = registry();

        // When Kafka Streams registers the same metric for a key-value, a window and a session store
        Gauge.builder(OLDEST_ITERATOR, () -> 1).tag("rocksdb.state.id", "member-states").register(registry);
        Gauge.builder(OLDEST_ITERATOR, () -> 2).tag("rocksdb.window.state.id", "applied-ids").register(registry);
        Gauge.builder(OLDEST_ITERATOR, () -> 3).tag("rocksdb.session.state.id", "sessions").register(registry);

        // Then all three are exported, each under rocksdb_state_id
        assertThat(oldestIteratorLines(registry)).containsExactlyInAnyOrder(
                "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"member-states\"} 1.0",
                "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"applied-ids\"} 2.0",
                "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"sessions\"} 3.0");
    }

    @Test
    void aWindowStoresMeterIsRemovedByTheIdKafkaStreamsGaveIt() {
        // Given a window store's meter registered as Kafka Streams names it
        PrometheusMeterRegistry registry = registry();
        Gauge.builder(OLDEST_ITERATOR, () -> 2).tag("rocksdb.window.state.id", "applied-ids").register(registry);

        // When the Kafka metrics binder removes it by that id (its task moved away)
        Meter removed = registry.remove(new Meter.Id(OLDEST_ITERATOR, Tags.of("rocksdb.window.state.id", "applied-ids"),
                null, null, Meter.Type.GAUGE));

        // Then it is gone from the registry and from the export
        assertThat(removed).isNotNull();
        assertThat(oldestIteratorLines(registry)).isEmpty();
    }

    @Test
    void otherTagKeysFollowTheRegistrysConvention() {
        // Given a Prometheus registry with the convention
        PrometheusMeterRegistry registry = registry();

        // When a meter with other tags is registered
        Gauge.builder("kafka.stream.task.latency", () -> 4).tags("task.id", "0_1", "thread.id", "t-1").register(registry);

        // Then its tags are exported as Prometheus names them
        assertThat(registry.scrape()).contains("kafka_stream_task_latency{task_id=\"0_1\",thread_id=\"t-1\"} 4.0");
    }
}
