package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class KafkaStreamsStoreMeterTagsTest {

    private static final String OLDEST_ITERATOR = "kafka.stream.state.oldest.iterator.open.since.ms";

    @Test
    void aKeyValueStoreAndAWindowStoreMeterAreBothExportedUnderOneTagKey() {
        // Given a Prometheus registry with the filter
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(KafkaStreamsStoreMeterTags.filter());

        // When Kafka Streams registers the same metric for a key-value, a window and a session store
        Gauge.builder(OLDEST_ITERATOR, () -> 1).tag("rocksdb.state.id", "member-states").register(registry);
        Gauge.builder(OLDEST_ITERATOR, () -> 2).tag("rocksdb.window.state.id", "applied-ids").register(registry);
        Gauge.builder(OLDEST_ITERATOR, () -> 3).tag("rocksdb.session.state.id", "sessions").register(registry);

        // Then all three are exported, each under rocksdb_state_id
        assertThat(registry.scrape().lines().filter(line -> line.startsWith("kafka_stream_state_oldest_iterator_open_since_ms{")))
                .containsExactlyInAnyOrder(
                        "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"member-states\"} 1.0",
                        "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"applied-ids\"} 2.0",
                        "kafka_stream_state_oldest_iterator_open_since_ms{rocksdb_state_id=\"sessions\"} 3.0");
    }

    @Test
    void otherMetersKeepTheirTags() {
        // Given a Prometheus registry with the filter
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(KafkaStreamsStoreMeterTags.filter());

        // When a meter outside the state-store metrics carries the window key
        Gauge.builder("kafka.stream.task.latency", () -> 4).tag("rocksdb.window.state.id", "applied-ids").register(registry);

        // Then its tag is unchanged
        assertThat(registry.get("kafka.stream.task.latency").gauge().getId().getTag("rocksdb.window.state.id"))
                .isEqualTo("applied-ids");
    }
}
