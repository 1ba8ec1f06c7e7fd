package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aDeadLetterSaysWhoWroteItWhyAndWhereItsRecordWasBesideTheRecordsOwnHeaders() {
        // Given a record's own header
        Headers headers = new RecordHeaders();
        headers.add("apicurio.value.globalId", "7".getBytes(StandardCharsets.UTF_8));

        // When role-sync dead-letters it for a failure with a cause
        DeadLetters.describe(headers, "roomsync-role-sync",
                new IllegalStateException("cannot decode", new java.io.IOException("truncated")));
        DeadLetters.source(headers, "roomsync.member-commands.v1", 2, 41L, 1764064800000L);

        // Then every header says it once, the record's own kept first
        assertThat(headers.toArray()).extracting(Header::key).containsExactly("apicurio.value.globalId",
                DeadLetterHeaders.SERVICE, DeadLetterHeaders.EXCEPTION, DeadLetterHeaders.REASON, DeadLetterHeaders.SOURCE_TOPIC,
                DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.SOURCE_TIMESTAMP);
        assertThat(text(headers, DeadLetterHeaders.SERVICE)).isEqualTo("roomsync-role-sync");
        assertThat(text(headers, DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
        assertThat(text(headers, DeadLetterHeaders.REASON)).isEqualTo("cannot decode; caused by: java.io.IOException: truncated");
        assertThat(text(headers, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("roomsync.member-commands.v1");
        assertThat(DeadLetterHeaders.int32(headers.lastHeader(DeadLetterHeaders.SOURCE_PARTITION).value())).isEqualTo(2);
        assertThat(DeadLetterHeaders.int64(headers.lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value())).isEqualTo(41L);
    }

    @Test
    void aRecordDeadLetteredAgainAfterAReplaySaysTheNewServiceAndReasonOnce() {
        Headers headers = new RecordHeaders();
        DeadLetters.describe(headers, "roomsync-role-sync", "first", "first reason");

        DeadLetters.describe(headers, "roomsync-moderation", "second", "second reason");

        assertThat(headers.headers(DeadLetterHeaders.SERVICE)).hasSize(1);
        assertThat(text(headers, DeadLetterHeaders.SERVICE)).isEqualTo("roomsync-moderation");
        assertThat(text(headers, DeadLetterHeaders.REASON)).isEqualTo("second reason");
    }

    @Test
    void theHeadersADeadLetterAddsAreToldFromTheRecordsOwn() {
        assertThat(DeadLetterHeaders.isAdded(DeadLetterHeaders.SERVICE)).isTrue();
        assertThat(DeadLetterHeaders.isAdded("kafka_dlt-exception-stacktrace")).isTrue();
        assertThat(DeadLetterHeaders.isAdded(DeadLetterHeaders.REPLAYED_FROM)).isTrue();
        assertThat(DeadLetterHeaders.isAdded("roomsync-route")).isTrue();
        assertThat(DeadLetterHeaders.isAdded("apicurio.value.globalId")).isFalse();
    }

    private static String text(Headers headers, String key) {
        return DeadLetterHeaders.text(headers.lastHeader(key).value());
    }
}
