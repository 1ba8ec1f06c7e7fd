package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the AsyncAPI document in step with the topic catalogue and the schema files: one channel per catalogue topic,
 * at its default name, with its key and retention, and a message whose payload is the topic's schema file.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of("src/main/asyncapi.yaml");
    private static Map<String, Object> document;

    @BeforeAll
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
            document = new Yaml().load(reader);
        }
    }

    @Test
    void isAsyncApi3() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
    }

    @Test
    void hasExactlyOneChannelPerCatalogueTopic() {
        List<Object> addresses = map(document, "channels").values().stream().map(c -> castMap(c).get("address")).toList();
        assertThat(addresses).containsExactlyInAnyOrder(Stream.of(Topic.values()).map(Topic::defaultName).toArray());
    }

    @Test
    void eachChannelDescribesItsTopicAsTheCatalogueDoes() throws IOException {
        for (Topic topic : Topic.values()) {
            Map<String, Object> channel = channel(topic);
            assertThat(channel.get("description")).as(topic.name()).isEqualTo(topic.description());
            Map<String, Object> topicConfig = map(map(map(channel, "bindings"), "kafka"), "topicConfiguration");
            assertThat(topicConfig.get("cleanup.policy")).as(topic.name()).isEqualTo(List.of(topic.cleanup().configValue()));
            Number retention = (Number) topicConfig.get("retention.ms");
            assertThat(retention == null ? null : retention.longValue()).as(topic.name())
                    .isEqualTo(topic.retention().map(java.time.Duration::toMillis).orElse(null));

            Map<String, Object> message = message(channel);
            assertThat(map(map(map(message, "bindings"), "kafka"), "key").get("description")).as(topic.name()).isEqualTo(topic.key());
            Schema payload = new Schema.Parser().parse(payloadFile(message).toFile());
            Schema valueSchema = (Schema) readStatic(topic.valueType());
            assertThat(SchemaNormalization.toParsingForm(payload)).as(topic.name())
                    .isEqualTo(SchemaNormalization.toParsingForm(valueSchema));
        }
    }

    @Test
    void everySchemaFileIsTheValueOfSomeChannel() throws IOException {
        Set<Path> referenced = new HashSet<>();
        for (Topic topic : Topic.values()) {
            referenced.add(payloadFile(message(channel(topic))).normalize());
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".avsc")).map(Path::normalize)).containsExactlyInAnyOrderElementsOf(referenced);
        }
    }

    private static Map<String, Object> channel(Topic topic) {
        return map(document, "channels").values().stream()
                .map(c -> castMap(c))
                .filter(c -> topic.defaultName().equals(c.get("address")))
                .findFirst().orElseThrow(() -> new AssertionError("no channel for " + topic.defaultName()));
    }

    private static Map<String, Object> message(Map<String, Object> channel) {
        Map<String, Object> messages = map(channel, "messages");
        assertThat(messages).hasSize(1);
        String ref = (String) castMap(messages.values().iterator().next()).get("$ref");
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        return map(map(map(document, "components"), "messages"), name);
    }

    private static Path payloadFile(Map<String, Object> message) {
        Map<String, Object> payload = map(message, "payload");
        assertThat(payload.get("schemaFormat")).isEqualTo("application/vnd.apache.avro+json;version=1.9.0");
        String ref = (String) map(payload, "schema").get("$ref");
        return DOCUMENT.getParent().resolve(ref);
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as(key).isInstanceOf(Map.class);
        return castMap(child);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Object readStatic(Class<?> type) {
        try {
            return type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
