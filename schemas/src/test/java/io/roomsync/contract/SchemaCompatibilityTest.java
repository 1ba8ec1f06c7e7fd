package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every current schema must stay FULL_TRANSITIVE-compatible with every released version kept in {@code released/}:
 * new readers read old data, and consumers still on an old version read new data.
 */
class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");

    static Stream<Path> releasedSchemas() throws IOException {
        try (Stream<Path> files = Files.walk(RELEASED)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList().stream();
        }
    }

    @Test
    void thereIsAtLeastOneReleasedVersionToCheckAgainst() throws IOException {
        assertThat(releasedSchemas()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemas")
    void currentSchemaIsFullyCompatibleWithReleased(Path releasedFile) throws IOException {
        // Given the released schema and the current schema of the same name
        Schema released = parse(releasedFile);
        Schema current = currentSchemas().get(released.getFullName());
        assertThat(current).as("released schema %s was removed", released.getFullName()).isNotNull();

        // When both directions are checked
        SchemaCompatibility.SchemaPairCompatibility backward =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        SchemaCompatibility.SchemaPairCompatibility forward =
                SchemaCompatibility.checkReaderWriterCompatibility(released, current);

        // Then both hold
        assertThat(backward.getType()).as("current %s reading data of %s: %s", current.getFullName(), releasedFile,
                backward.getResult().getIncompatibilities()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(forward.getType()).as("%s reading data of current: %s", releasedFile,
                forward.getResult().getIncompatibilities()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aRequiredFieldAddedWithoutDefaultIsCaught() throws IOException {
        // Given the released MemberState and a change that adds a field without a default
        Schema released = parse(RELEASED.resolve("1.0.0/MemberState.avsc"));
        String changed = Files.readString(CURRENT.resolve("MemberState.avsc"))
                .replace("{\"name\": \"sdkAppId\", \"type\": \"long\"},",
                        "{\"name\": \"sdkAppId\", \"type\": \"long\"}, {\"name\": \"tenant\", \"type\": \"string\"},");
        Schema incompatible = new Schema.Parser().parse(changed);
        assertThat(incompatible.getField("tenant")).isNotNull();

        // When the new reader reads released data
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(incompatible, released);

        // Then the check reports the missing default
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities())
                .extracting(SchemaCompatibility.Incompatibility::getType)
                .containsExactly(SchemaCompatibility.SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
    }

    @Test
    void aSymbolRemovedFromAnEnumWithoutDefaultIsCaught() throws IOException {
        // Given a Notice whose audience enum (which has no default) lost USERS
        Schema released = parse(RELEASED.resolve("1.0.0/Notice.avsc"));
        Schema changed = new Schema.Parser().parse(Files.readString(CURRENT.resolve("Notice.avsc"))
                .replace("\"symbols\": [\"ROOM\", \"USERS\"]", "\"symbols\": [\"ROOM\"]"));
        assertThat(changed.getField("audience").schema().getEnumSymbols()).containsExactly("ROOM");

        // When the changed reader reads released data
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(changed, released);

        // Then the missing symbol is reported
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities())
                .extracting(SchemaCompatibility.Incompatibility::getType)
                .containsExactly(SchemaCompatibility.SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
    }

    @Test
    void everyCurrentSchemaFileIsTheSchemaOfItsGeneratedClass() throws IOException {
        for (Topic topic : Topic.values()) {
            Schema generated = (Schema) readStatic(topic.valueType(), "SCHEMA$");
            Schema file = currentSchemas().get(generated.getFullName());
            assertThat(file).as(topic.name()).isNotNull();
            // The generated class carries avro.java.string properties; the parsing form compares the structure.
            assertThat(SchemaNormalization.toParsingForm(file)).as(topic.name())
                    .isEqualTo(SchemaNormalization.toParsingForm(generated));
        }
    }

    static Map<String, Schema> currentSchemas() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            List<Schema> schemas = files.filter(f -> f.toString().endsWith(".avsc")).map(SchemaCompatibilityTest::parseUnchecked).toList();
            return schemas.stream().collect(Collectors.toMap(Schema::getFullName, Function.identity()));
        }
    }

    static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }

    private static Schema parseUnchecked(Path file) {
        try {
            return parse(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object readStatic(Class<?> type, String field) {
        try {
            return type.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
