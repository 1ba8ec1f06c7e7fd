package io.roomsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomsync.contract.DeadLetterHeaders;
import io.roomsync.contract.Topic;
import io.roomsync.scenario.TopicReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roomsync dlq list|replay TOPIC}: the dead letters of a topic's {@code .dlq} twin, with who wrote each and why
 * (the {@link DeadLetterHeaders}), and their replay to the topic they came from: the original key and value bytes and
 * the record's own headers, so every id in it is kept and consumers, which skip ids already applied, apply it once
 * however often it is replayed.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"List the dead letters of a topic and replay them to the topic they came from.",
                "TOPIC is a topic or its dead-letter twin, by full or short name (member-commands, im-events.dlq, ...)."},
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
public class DlqCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answered when the topic is missing, or no dead letter matches. */
    static final int NOT_FOUND = 2;

    /** One dead letter, and what its headers say. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> record) {

        String service() {
            return header(DeadLetterHeaders.SERVICE).orElse("unknown");
        }

        /** The failure's class: roomsync's header, or Spring Kafka's on dead letters written without it. */
        String exception() {
            return header(DeadLetterHeaders.EXCEPTION).or(() -> header("kafka_dlt-exception-fqcn")).orElse("");
        }

        /** The failure's message: roomsync's header, or Spring Kafka's, or the one header of dead letters before them. */
        String reason() {
            return header(DeadLetterHeaders.REASON).or(() -> header("kafka_dlt-exception-message"))
                    .or(() -> header("roomsync-error")).orElse("");
        }

        /** The topic to replay to: where the record was read, or the dead-letter topic's name without {@code .dlq}. */
        String sourceTopic() {
            return header(DeadLetterHeaders.SOURCE_TOPIC).orElseGet(() -> record.topic().substring(0, record.topic().length() - 4));
        }

        /** {@code topic/partition/offset} of the record it came from, when the headers say; empty for a message given up. */
        Optional<String> source() {
            Integer partition = DeadLetterHeaders.int32(value(DeadLetterHeaders.SOURCE_PARTITION));
            Long offset = DeadLetterHeaders.int64(value(DeadLetterHeaders.SOURCE_OFFSET));
            return partition == null || offset == null ? Optional.empty()
                    : Optional.of(sourceTopic() + "/" + partition + "/" + offset);
        }

        /** {@code dlq topic/partition/offset}. */
        String at() {
            return record.topic() + "/" + record.partition() + "/" + record.offset();
        }

        String key() {
            return DeadLetterHeaders.text(record.key());
        }

        int bytes() {
            return record.value() == null ? 0 : record.value().length;
        }

        private Optional<String> header(String name) {
            return Optional.ofNullable(DeadLetterHeaders.text(value(name)));
        }

        private byte[] value(String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : header.value();
        }
    }

    /** What both subcommands take: where Kafka is, the topic, and a service to keep to. */
    static class Selection extends KafkaConnection {

        @Parameters(paramLabel = "TOPIC", description = "a topic or its .dlq twin, by its short name (member-commands, "
                + "im-events.dlq, ...) or its full name; the dead letters are read from the .dlq twin")
        String topic;

        @Option(names = "--service", paramLabel = "APPLICATION_ID",
                description = "Only the dead letters this service wrote (its Kafka Streams application id, e.g. roomsync-role-sync).")
        String service;

        /** The dead-letter topic TOPIC names. */
        String dlqTopic() {
            String name = TailCommand.TopicAliases.resolve(topic);
            return name.endsWith(".dlq") ? name : Topic.dlqName(name);
        }

        /**
         * Every committed dead letter of the topic up to its current end, of {@code --service} when given, oldest first
         * per partition; empty when the topic does not exist (said on stderr).
         */
        Optional<List<DeadLetter>> read(CommandSpec spec) {
            String name = dlqTopic();
            try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.committedOnly(bootstrapServers, "roomsync-dlq",
                    new ByteArrayDeserializer())) {
                List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    spec.commandLine().getErr().println("no topic " + name + " at " + bootstrapServers);
                    return Optional.empty();
                }
                List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(name, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                List<DeadLetter> letters = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        DeadLetter letter = new DeadLetter(record);
                        if (record.offset() < end.get(new TopicPartition(name, record.partition()))
                                && (service == null || service.equals(letter.service()))) {
                            letters.add(letter);
                        }
                    }
                }
                letters.sort(Comparator.comparingInt((DeadLetter l) -> l.record().partition()).thenComparingLong(l -> l.record().offset()));
                return Optional.of(letters);
            }
        }

        private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
            return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Print each dead letter of TOPIC as a JSON line: where it is, when it was written, the service "
                    + "that wrote it, why (exception and reason), its key, its size in bytes, and the record it came from."})
    static class ListCommand implements Callable<Integer> {
        @Mixin
        Selection selection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<List<DeadLetter>> letters = selection.read(spec);
            if (letters.isEmpty()) {
                return NOT_FOUND;
            }
            PrintWriter out = spec.commandLine().getOut();
            for (DeadLetter letter : letters.get()) {
                ObjectNode line = JSON.createObjectNode()
                        .put("topic", letter.record().topic())
                        .put("partition", letter.record().partition())
                        .put("offset", letter.record().offset())
                        .put("time", Instant.ofEpochMilli(letter.record().timestamp()).toString())
                        .put("service", letter.service())
                        .put("exception", letter.exception())
                        .put("reason", letter.reason())
                        .put("key", letter.key())
                        .put("bytes", letter.bytes());
                line.put("source", letter.source().orElse(null));
                out.println(line);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Publish dead letters again to the topic they came from: the original key and bytes, the record's "
                    + "own headers (ids kept: consumers apply a record once however often it comes) and "
                    + DeadLetterHeaders.REPLAYED_FROM + ".",
                    "With --all, a record several services dead-lettered (one line each in list) is replayed once."})
    static class ReplayCommand implements Callable<Integer> {
        @Mixin
        Selection selection;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Option(names = {"-p", "--partition"}, paramLabel = "P",
                description = "With --offset: the dead letter's partition (needed when several partitions have that offset).")
        Integer partition;

        @Spec
        CommandSpec spec;

        /** One dead letter, or all of them. */
        static class Which {
            @Option(names = "--offset", paramLabel = "N", required = true, description = "Replay the dead letter at offset N.")
            Long offset;

            @Option(names = "--all", required = true, description = "Replay every dead letter of TOPIC (of --service, if given).")
            boolean all;
        }

        @Override
        public Integer call() throws InterruptedException {
            Optional<List<DeadLetter>> read = selection.read(spec);
            if (read.isEmpty()) {
                return NOT_FOUND;
            }
            List<DeadLetter> letters = read.get();
            if (!which.all) {
                letters = letters.stream().filter(l -> l.record().offset() == which.offset
                        && (partition == null || l.record().partition() == partition)).toList();
                if (letters.size() != 1) {
                    spec.commandLine().getErr().println(letters.isEmpty()
                            ? "no dead letter at offset " + which.offset + " of " + selection.dlqTopic()
                            : letters.size() + " dead letters at offset " + which.offset + " (partitions "
                              + letters.stream().map(l -> Integer.toString(l.record().partition())).toList() + "): say --partition");
                    return NOT_FOUND;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            Set<String> replayed = new HashSet<>();
            try (KafkaProducer<byte[], byte[]> producer = producer(selection.bootstrapServers)) {
                for (DeadLetter letter : letters) {
                    String record = letter.source().orElse(letter.at());
                    if (!replayed.add(record)) {
                        out.println("skipped " + letter.at() + " (" + letter.service() + "): " + record + " was replayed already");
                        continue;
                    }
                    RecordMetadata written = producer.send(replay(letter)).get(30, TimeUnit.SECONDS);
                    out.println("replayed " + letter.at() + " (" + letter.service() + ") to " + written.topic() + "/"
                            + written.partition() + "/" + written.offset() + ", key " + letter.key() + ", " + letter.bytes() + " bytes");
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                spec.commandLine().getErr().println("replay failed: " + e.getMessage());
                return 1;
            }
            out.flush();
            return 0;
        }

        /** The record as it was: its key, value and own headers, to its source topic, marked with where it was dead. */
        static ProducerRecord<byte[], byte[]> replay(DeadLetter letter) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : letter.record().headers()) {
                if (!DeadLetterHeaders.isAdded(header.key())) {
                    headers.add(header);
                }
            }
            headers.add(DeadLetterHeaders.REPLAYED_FROM, DeadLetterHeaders.text(letter.at()));
            return new ProducerRecord<>(letter.sourceTopic(), null, letter.record().key(), letter.record().value(), headers);
        }

        private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        }
    }
}
