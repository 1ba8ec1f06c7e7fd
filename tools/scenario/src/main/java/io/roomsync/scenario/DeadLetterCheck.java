package io.roomsync.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Dead letters written while a scenario played: every topic whose name ends in {@code .dlq}, its committed end offsets
 * at the start against those after convergence. A scenario passes only with none written (a dead letter is a record
 * some service could not read: a fault it should have waited out, or a bug). The sizes count records, committed ones
 * only (aborted transactional writes are not dead letters).
 */
final class DeadLetterCheck {

    /** End offsets of every partition of every dead-letter topic at the start. */
    record Mark(Map<TopicPartition, Long> ends) {
    }

    /**
     * @param written dead letters written since the mark, per dead-letter topic (every topic listed, 0 included)
     */
    record Result(Map<String, Long> written) {
        long total() {
            return written.values().stream().mapToLong(Long::longValue).sum();
        }

        String summary() {
            return "dead letters written during the scenario: " + total() + (written.isEmpty() ? " (no .dlq topics)" : " "
                    + written.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}")));
        }
    }

    private DeadLetterCheck() {
    }

    static Mark open(Endpoints at) {
        return new Mark(ends(at));
    }

    static Result check(Endpoints at, Mark mark) {
        Map<String, Long> written = new TreeMap<>();
        ends(at).forEach((partition, end) -> written.merge(partition.topic(), end - mark.ends().getOrDefault(partition, 0L), Long::sum));
        return new Result(written);
    }

    private static Map<TopicPartition, Long> ends(Endpoints at) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, at.kafka());
        try (Admin admin = Admin.create(properties)) {
            var names = admin.listTopics().names().get().stream().filter(name -> name.endsWith(".dlq")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet()) {
                ends.put(end.getKey(), end.getValue().offset());
            }
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the dead-letter topics' offsets", e.getCause());
        }
    }
}
