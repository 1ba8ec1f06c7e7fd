package io.roomsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record as one line of plain JSON: where it is, its key, headers, and its value with Avro's encoding details
 * taken out (unions unwrapped, a union's record branch named in {@code @type}, timestamps as ISO-8601).
 */
final class RecordJson {

    /** A value the registry could not decode. */
    record Undecodable(String error, int bytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    static String line(ConsumerRecord<String, ?> record, Object value) {
        ObjectNode line = NODES.objectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key());
        if (record.headers().toArray().length > 0) {
            ObjectNode headers = line.putObject("headers");
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        if (value instanceof Undecodable undecodable) {
            line.putObject("undecodable").put("error", undecodable.error()).put("bytes", undecodable.bytes());
        } else {
            line.set("value", value == null ? NODES.nullNode() : toJson(value, value instanceof GenericRecord r ? r.getSchema() : null));
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode toJson(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (schema != null && schema.getType() == Schema.Type.UNION) {
            Schema branch = schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
            JsonNode node = toJson(value, branch);
            if (branch.getType() == Schema.Type.RECORD && node instanceof ObjectNode object && schema.getTypes().stream()
                    .filter(t -> t.getType() == Schema.Type.RECORD).count() > 1) {
                ObjectNode typed = NODES.objectNode().put("@type", branch.getName());
                typed.setAll(object);
                return typed;
            }
            return node;
        }
        if (value instanceof GenericRecord record) {
            ObjectNode object = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), toJson(record.get(field.name()), field.schema()));
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(k.toString(), toJson(v, schema == null ? null : schema.getValueType())));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toJson(item, schema == null ? null : schema.getElementType())));
            return array;
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Long number) {
            LogicalType logical = schema == null ? null : schema.getLogicalType();
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return NODES.textNode(Instant.ofEpochMilli(number).toString());
            }
            return NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Float number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return NODES.textNode(Base64.getEncoder().encodeToString(copy));
        }
        return NODES.textNode(value.toString());
    }
}
