package io.roomsync.ingest.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.im.ImEvent;
import io.roomsync.support.RegistryWaits;
import java.net.ConnectException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.ExponentialBackOff;

class SchemaWarmUpTest {

    @Test
    void ingestWaitsAtStartUpUntilImEventsSchemaIsResolvedOnTheEventsTopic() {
        // Given a serializer that finds the registry down twice
        List<String> topics = new ArrayList<>();
        Serializer<ImEvent> serializer = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, ImEvent event) {
                throw new UnsupportedOperationException("the producer passes headers");
            }

            @Override
            public byte[] serialize(String topic, Headers headers, ImEvent event) {
                topics.add(topic);
                if (topics.size() <= 2) {
                    throw new RuntimeException(new ConnectException("Connection refused"));
                }
                return new byte[] {0};
            }
        };
        List<Long> sleeps = new ArrayList<>();
        RegistryWaits waits = new RegistryWaits(new ExponentialBackOff(500, 2.0)::start, Clock.systemUTC(), sleeps::add);

        // When the warm-up runs
        new SchemaWarmUp(serializer, "roomsync.im-events.v1", waits).run(null);

        // Then it asked three times for the events topic, waiting 0.5 and 1 s between, and waits no more
        assertThat(topics).containsExactly("roomsync.im-events.v1", "roomsync.im-events.v1", "roomsync.im-events.v1");
        assertThat(sleeps).containsExactly(500L, 1000L);
        assertThat(waits.waiting()).isEmpty();
    }

    @Test
    void theSampleEventIsAValidImEvent() throws Exception {
        ImEvent sample = SchemaWarmUp.sample();

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<>(ImEvent.class).write(sample, encoder);
        encoder.flush();

        assertThat(out.size()).isPositive();
        assertThat(sample.getCommand()).isEqualTo("roomsync.SchemaWarmUp");
    }
}
