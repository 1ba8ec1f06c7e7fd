package io.roomsync.cli;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.roomsync.contract.Topic;
import io.roomsync.scenario.TopicReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code roomsync tail TOPIC}: the records of a topic as JSON lines, values decoded through the registry (whatever
 * their schema, so it reads topics of other teams too). Like tail(1): the last records, then with {@code -f} new ones
 * as they come.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the records of a topic as JSON lines, decoded through the schema registry.",
                "TOPIC is a full name (roomsync.im-events.v1) or its short form (im-events); a .dlq suffix works too."})
public class TailCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "TOPIC", description = "a catalogue topic by its short name (im-events, member-state.dlq, ...) "
            + "or any topic by its full name")
    String topic;

    @Option(names = {"-b", "--from-beginning"}, description = "Start at the oldest record kept, not the last ones.")
    boolean fromBeginning;

    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "10",
            description = "Without --from-beginning: start N records before the end of each partition (default ${DEFAULT-VALUE}).")
    int last;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records as they arrive (Ctrl-C to stop).")
    boolean follow;

    @Option(names = {"-m", "--max"}, paramLabel = "COUNT", description = "Stop after COUNT records.")
    Integer max;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = TopicAliases.resolve(topic);
        PrintWriter out = spec.commandLine().getOut();
        // role-sync writes in transactions: show only what was committed, as every roomsync consumer sees it.
        try (KafkaConsumer<String, byte[]> consumer = TopicReader.committedOnly(connection.bootstrapServers, "roomsync-tail",
                new StringDeserializer());
             AvroKafkaDeserializer<GenericRecord> values = TopicReader.genericValues(connection.registryUrl)) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                spec.commandLine().getErr().println("no topic " + name + " at " + connection.bootstrapServers);
                return 2;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            for (TopicPartition partition : partitions) {
                // Transaction markers take offsets too: look back twice as far, keep the last N records found.
                long start = fromBeginning ? begin.get(partition) : Math.max(begin.get(partition), end.get(partition) - 2L * last);
                consumer.seek(partition, start);
            }
            int printed = 0;
            if (!fromBeginning) {
                for (ConsumerRecord<String, byte[]> record : lastRecords(consumer, partitions, end)) {
                    out.println(RecordJson.line(record, decode(values, record)));
                    if (max != null && ++printed >= max) {
                        out.flush();
                        return 0;
                    }
                }
                out.flush();
                if (!follow) {
                    return 0;
                }
            }
            while (max == null || printed < max) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(RecordJson.line(record, decode(values, record)));
                    out.flush();
                    if (max != null && ++printed >= max) {
                        return 0;
                    }
                }
                if (!follow && caughtUp(consumer, partitions, end)) {
                    return 0;
                }
            }
            return 0;
        }
    }

    /** The last {@code last} records of each partition up to {@code end}, oldest first by timestamp. */
    private List<ConsumerRecord<String, byte[]>> lastRecords(KafkaConsumer<String, byte[]> consumer,
                                                             List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        Map<TopicPartition, java.util.ArrayDeque<ConsumerRecord<String, byte[]>>> kept = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.get(partition)) {
                    continue;
                }
                java.util.ArrayDeque<ConsumerRecord<String, byte[]>> deque = kept.computeIfAbsent(partition, p -> new java.util.ArrayDeque<>());
                deque.addLast(record);
                if (deque.size() > last) {
                    deque.removeFirst();
                }
            }
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        kept.values().forEach(records::addAll);
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::timestamp));
        return records;
    }

    /** The decoded value, or the reason it could not be decoded (a poison record is shown, not fatal). */
    private static Object decode(AvroKafkaDeserializer<GenericRecord> values, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return new RecordJson.Undecodable(e.getMessage(), record.value().length);
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    /** Short topic names: the catalogue name without its prefix and version. */
    static final class TopicAliases {
        private TopicAliases() {
        }

        static String resolve(String topic) {
            boolean dlq = topic.endsWith(".dlq");
            String base = dlq ? topic.substring(0, topic.length() - 4) : topic;
            for (Topic known : Topic.values()) {
                if (known.defaultName().equals("roomsync." + base + ".v1")) {
                    return dlq ? known.dlqName() : known.defaultName();
                }
            }
            return topic;
        }
    }
}
