package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.contract.DeadLetterHeaders;
import io.roomsync.contract.Topic;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code roomsync dlq} on the real broker, over dead letters written as the services write them: the original key and
 * bytes, the record's own headers, and the {@link DeadLetterHeaders}. Each test has topics of its own.
 */
@ExtendWith(RoomsyncStackExtension.class)
class DlqCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private String source;
    private String dlq;

    @BeforeEach
    void topics() {
        source = "it-" + UUID.randomUUID().toString().substring(0, 8) + "." + Topic.IM_EVENTS.defaultName();
        dlq = Topic.dlqName(source);
        TestStack.get().createTopic(source, 1, Topic.IM_EVENTS.configs());
        TestStack.get().createTopic(dlq, 1, Topic.dlqConfigs());
    }

    @Test
    void listShowsEachDeadLetterWithTheServiceThatWroteItAndWhy() throws Exception {
        // Given one bad record of im-events dead-lettered by both services that consume it
        deadLetter("roomsync-role-sync", "room_1", "not avro", 7);
        deadLetter("roomsync-moderation", "room_1", "not avro", 7);

        // When the dead letters are listed by the source topic's name
        Result listed = run("dlq", "list", source);

        // Then one line each, telling the services apart, with the reason, key, size and the record they came from
        assertThat(listed.exit()).isZero();
        List<JsonNode> lines = lines(listed.out());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).toString()).isEqualTo("{\"topic\":\"" + dlq + "\",\"partition\":0,\"offset\":0,\"time\":\""
                + lines.get(0).get("time").asText() + "\",\"service\":\"roomsync-role-sync\",\"exception\":\"java.lang.IllegalStateException\","
                + "\"reason\":\"artifact reference cannot be null\",\"key\":\"room_1\",\"bytes\":8,\"source\":\"" + source + "/0/7\"}");
        assertThat(lines.get(1).get("service").asText()).isEqualTo("roomsync-moderation");
        assertThat(lines.get(1).get("offset").asLong()).isEqualTo(1);
        // And --service keeps to one service's
        assertThat(lines(run("dlq", "list", dlq, "--service", "roomsync-moderation").out()))
                .extracting(line -> line.get("offset").asLong()).containsExactly(1L);
    }

    @Test
    void replayAllRepublishesEachRecordOnceWithItsKeyBytesAndOwnHeaders() throws Exception {
        // Given a record two services dead-lettered, and another one
        deadLetter("roomsync-role-sync", "room_1", "first", 7);
        deadLetter("roomsync-moderation", "room_1", "first", 7);
        deadLetter("roomsync-role-sync", "room_2", "second", 9);

        // When every dead letter is replayed
        Result replayed = run("dlq", "replay", dlq, "--all");

        // Then each record is back on its source topic once, as it was, marked with the dead letter it came from
        assertThat(replayed.exit()).isZero();
        assertThat(replayed.out()).contains("skipped " + dlq + "/0/1 (roomsync-moderation): " + source + "/0/7 was replayed already");
        List<ConsumerRecord<byte[], byte[]>> back = read(source, 2);
        assertThat(back).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("room_1", "room_2");
        assertThat(back).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("first", "second");
        assertThat(back.get(0).headers().toArray()).extracting(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("apicurio.value.globalId=42", DeadLetterHeaders.REPLAYED_FROM + "=" + dlq + "/0/0");
    }

    @Test
    void replayOfOneOffsetRepublishesThatDeadLetterOnly() throws Exception {
        deadLetter("roomsync-role-sync", "room_1", "first", 7);
        deadLetter("roomsync-role-sync", "room_2", "second", 9);

        Result replayed = run("dlq", "replay", source, "--offset", "1");

        assertThat(replayed.exit()).isZero();
        assertThat(replayed.out().strip()).isEqualTo("replayed " + dlq + "/0/1 (roomsync-role-sync) to " + source
                + "/0/0, key room_2, 6 bytes");
        assertThat(read(source, 1)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("second");
    }

    @Test
    void saysSoWhenNothingIsAtTheOffsetOrTheTopicIsMissing() {
        Result none = run("dlq", "replay", dlq, "--offset", "5");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no dead letter at offset 5 of " + dlq);

        Result missing = run("dlq", "list", "no-such-topic");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no topic no-such-topic.dlq");
    }

    /** A dead letter as a service writes it for a record of the source topic at {@code offset} it could not decode. */
    private void deadLetter(String service, String key, String value, long offset) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("apicurio.value.globalId", "42".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SERVICE, DeadLetterHeaders.text(service));
        headers.add(DeadLetterHeaders.EXCEPTION, DeadLetterHeaders.text("java.lang.IllegalStateException"));
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.text("artifact reference cannot be null"));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.text(source));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.int32(0));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.int64(offset));
        headers.add("kafka_dlt-exception-stacktrace", "at ...".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestStack.get().bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dlq, 0, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8), headers)).get();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestStack.get().bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(expected);
            return records;
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RoomsyncCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", TestStack.get().bootstrapServers()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
