package io.roomsync.moderation.adapter.kafka;

import io.roomsync.contract.Topic;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.support.AvroSerdes;
import io.roomsync.support.RoomsyncKafkaProperties;
import io.roomsync.support.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.stereotype.Component;

/**
 * Recent decisions of a room, read from the audit trail itself: the tail of the partition the room's key maps to
 * (the producer's default partitioner), so any replica answers the same, with no state of its own. Reads at most
 * {@link #SCAN} records back.
 */
@Component
public class DecisionLog {

    static final int SCAN = 5_000;

    private final Properties config = new Properties();
    private final AvroSerdes serdes;
    private final String topic;

    public DecisionLog(RoomsyncKafkaProperties kafka, AvroSerdes serdes, TopicNames topics) {
        // Bootstrap servers and the security settings every Kafka client of the service uses (README, "Security").
        config.putAll(kafka.clientProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.serdes = serdes;
        this.topic = topics.name(Topic.MODERATION_DECISIONS);
    }

    /** The room's latest decisions, newest first. */
    public List<Map<String, Object>> recent(String room, int limit) {
        List<Map<String, Object>> views = new ArrayList<>();
        latest(room, limit).forEach(decision -> views.add(view(decision)));
        return views;
    }

    /**
     * The room's decisions taken at {@code from} or later, newest first, as far back as the log is read
     * ({@link #SCAN} records of the room's partition).
     */
    public List<ModerationDecision> since(String room, java.time.Instant from) {
        return latest(room, SCAN).stream().filter(decision -> !decision.getDecidedAt().isBefore(from)).toList();
    }

    private List<ModerationDecision> latest(String room, int limit) {
        try (KafkaConsumer<String, ModerationDecision> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                serdes.<ModerationDecision>value().deserializer())) {
            int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).size();
            TopicPartition partition = new TopicPartition(topic,
                    Utils.toPositive(Utils.murmur2(room.getBytes(StandardCharsets.UTF_8))) % partitions);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long start = Math.max(consumer.beginningOffsets(List.of(partition)).get(partition), end - SCAN);
            consumer.seek(partition, start);
            Deque<ModerationDecision> latest = new ArrayDeque<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ModerationDecision> record : consumer.poll(Duration.ofMillis(200))) {
                    if (room.equals(record.key()) && record.value() != null) {
                        latest.addFirst(record.value());
                        if (latest.size() > limit) {
                            latest.removeLast();
                        }
                    }
                }
            }
            return new ArrayList<>(latest);
        }
    }

    private static Map<String, Object> view(ModerationDecision decision) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (Schema.Field field : ModerationDecision.getClassSchema().getFields()) {
            Object value = decision.get(field.name());
            view.put(field.name(), value instanceof Number || value instanceof Boolean || value == null ? value : value.toString());
        }
        return view;
    }
}
