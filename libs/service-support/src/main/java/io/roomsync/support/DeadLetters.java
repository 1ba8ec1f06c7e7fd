package io.roomsync.support;

import io.roomsync.contract.DeadLetterHeaders;
import org.apache.kafka.common.header.Headers;

/**
 * Writes the {@link DeadLetterHeaders} onto a dead letter's headers: who wrote it and why, and where its record came
 * from. Each header is written once: a value already there (a record dead-lettered before, replayed, and failed again)
 * is replaced.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** Says that {@code service} (its Kafka Streams application id) dead-lettered the record because of {@code failure}. */
    public static Headers describe(Headers headers, String service, Throwable failure) {
        return describe(headers, service, failure.getClass().getName(), DeadLetterHeaders.reason(failure));
    }

    /** Says that {@code service} dead-lettered the record; {@code exception} names the kind of failure, {@code reason} says it. */
    public static Headers describe(Headers headers, String service, String exception, String reason) {
        replace(headers, DeadLetterHeaders.SERVICE, DeadLetterHeaders.text(service));
        replace(headers, DeadLetterHeaders.EXCEPTION, DeadLetterHeaders.text(exception));
        replace(headers, DeadLetterHeaders.REASON, DeadLetterHeaders.text(String.valueOf(reason)));
        return headers;
    }

    /** Says where the record was read: topic, partition, offset and timestamp (epoch ms), as Spring Kafka encodes them. */
    public static Headers source(Headers headers, String topic, int partition, long offset, long timestamp) {
        replace(headers, DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.text(topic));
        replace(headers, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.int32(partition));
        replace(headers, DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.int64(offset));
        replace(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, DeadLetterHeaders.int64(timestamp));
        return headers;
    }

    private static void replace(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }
}
