package io.roomsync.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The headers of every dead letter, on every {@code <topic>.dlq} (see {@link Topic}): which service wrote it, why, and
 * where the record came from. The value and key are the original record's; its own headers are kept beside these.
 * Several services consuming one topic write their dead letters of it to the same {@code .dlq}: the service header
 * tells them apart, and the source headers tell when two dead letters are the same record.
 *
 * <p>The source headers are Spring Kafka's dead-letter headers (the Kafka Streams binder writes them for records that
 * cannot be decoded; roomsync's processors write the same for records they cannot process), so tools that know them
 * read roomsync's dead letters too.
 */
public final class DeadLetterHeaders {

    /** The Kafka Streams application id of the service that wrote the dead letter, e.g. {@code roomsync-role-sync}. */
    public static final String SERVICE = "roomsync-dlq-service";
    /** Why, in short: the failure's class name, e.g. {@code org.apache.kafka.common.errors.SerializationException}. */
    public static final String EXCEPTION = "roomsync-dlq-exception";
    /** Why, in words: the failure's message, and its cause's when it has one (UTF-8). */
    public static final String REASON = "roomsync-dlq-reason";
    /** The topic the record was read from (UTF-8). */
    public static final String SOURCE_TOPIC = "kafka_dlt-original-topic";
    /** Its partition: a 4-byte big-endian int. */
    public static final String SOURCE_PARTITION = "kafka_dlt-original-partition";
    /** Its offset: an 8-byte big-endian long. */
    public static final String SOURCE_OFFSET = "kafka_dlt-original-offset";
    /** Its timestamp, epoch milliseconds: an 8-byte big-endian long. */
    public static final String SOURCE_TIMESTAMP = "kafka_dlt-original-timestamp";
    /** On a replayed record: the dead letter it came from, {@code <dlq topic>/<partition>/<offset>} (UTF-8). */
    public static final String REPLAYED_FROM = "roomsync-replayed-from";

    /** Prefixes of every header a dead letter adds; a replay strips them and keeps the record's own. */
    public static final List<String> ADDED_PREFIXES = List.of("roomsync-dlq-", "kafka_dlt-");
    /**
     * Other headers a dead letter may carry that were not the record's: role-sync's internal output route, and the one
     * reason header of dead letters written before these headers.
     */
    public static final List<String> ADDED_NAMES = List.of("roomsync-route", "roomsync-error", REPLAYED_FROM);

    private DeadLetterHeaders() {
    }

    /** Whether {@code header} is one a dead letter adds or a replay sets (not one of the original record's own). */
    public static boolean isAdded(String header) {
        return ADDED_NAMES.contains(header) || ADDED_PREFIXES.stream().anyMatch(header::startsWith);
    }

    public static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public static byte[] int32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    public static byte[] int64(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** A 4-byte int header's value, or null when absent or not 4 bytes. */
    public static Integer int32(byte[] value) {
        return value == null || value.length != Integer.BYTES ? null : ByteBuffer.wrap(value).getInt();
    }

    /** An 8-byte long header's value, or null when absent or not 8 bytes. */
    public static Long int64(byte[] value) {
        return value == null || value.length != Long.BYTES ? null : ByteBuffer.wrap(value).getLong();
    }

    /** Causes a reason names at most (a cause chain can be long, or loop). */
    private static final int MAX_CAUSES = 5;

    /** What a failure says: {@code message}, then {@code ; caused by: <class>: <message>} for each of its causes. */
    public static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder(String.valueOf(failure.getMessage()));
        Throwable cause = failure.getCause();
        for (int named = 0; cause != null && cause != failure && named < MAX_CAUSES; named++, cause = cause.getCause()) {
            reason.append("; caused by: ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
        }
        return reason.toString();
    }
}
