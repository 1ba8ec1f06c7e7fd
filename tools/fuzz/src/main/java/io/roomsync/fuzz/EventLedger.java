package io.roomsync.fuzz;

import io.roomsync.contract.Topic;
import io.roomsync.scenario.TopicReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events on {@code roomsync.im-events.v1} against the callbacks ingest accepted: each accepted callback's event
 * (its id derived from the callback as sent, {@link io.roomsync.contract.EventIds}) must be on the topic as often
 * as it was accepted, and no event may come from a refused callback. Events on the topic that no request of the run
 * could have become are another client's (on a shared stack) and only counted.
 */
public final class EventLedger {

    /**
     * The comparison.
     *
     * @param accepted      callbacks the run saw accepted (200)
     * @param onTopic       events written in the run's window
     * @param missing       accepted callbacks whose event is not on the topic (or fewer times than accepted)
     * @param surplus       events on the topic more often than their callback was accepted: from a refused callback
     *                      (not publish-failed) or doubled
     * @param lateAfter503  events of callbacks answered 503 publish-failed that Kafka took later (at-least-once)
     * @param foreign       events no request of the run could have become
     */
    public record Result(long accepted, long onTopic, List<String> missing, List<String> surplus, long lateAfter503,
                         long foreign) {
        public boolean exact() {
            return missing.isEmpty() && surplus.isEmpty();
        }
    }

    private EventLedger() {
    }

    /**
     * @param acceptedIds  event id to how many times its callback was accepted
     * @param refusedIds   event ids of refused callbacks (other than publish-failed)
     * @param failedIds    event ids of callbacks answered 503 publish-failed
     * @param onTopic      event id to how many times it is on the topic in the window
     */
    public static Result compare(Map<String, Integer> acceptedIds, java.util.Set<String> refusedIds,
                                 java.util.Set<String> failedIds, Map<String, Integer> onTopic) {
        List<String> missing = new ArrayList<>();
        List<String> surplus = new ArrayList<>();
        long late = 0;
        long foreign = 0;
        for (Map.Entry<String, Integer> accepted : acceptedIds.entrySet()) {
            int found = onTopic.getOrDefault(accepted.getKey(), 0);
            if (found < accepted.getValue()) {
                missing.add(accepted.getKey() + " (accepted " + accepted.getValue() + "x, on the topic " + found + "x)");
            }
        }
        for (Map.Entry<String, Integer> event : onTopic.entrySet()) {
            int accepted = acceptedIds.getOrDefault(event.getKey(), 0);
            if (event.getValue() <= accepted) {
                continue;
            }
            if (failedIds.contains(event.getKey())) {
                late += event.getValue() - accepted;
            } else if (accepted > 0 || refusedIds.contains(event.getKey())) {
                surplus.add(event.getKey() + " (accepted " + accepted + "x, on the topic " + event.getValue() + "x)");
            } else {
                foreign += event.getValue();
            }
        }
        long acceptedCount = acceptedIds.values().stream().mapToLong(Integer::longValue).sum();
        long topicCount = onTopic.values().stream().mapToLong(Integer::longValue).sum();
        return new Result(acceptedCount, topicCount, missing, surplus, late, foreign);
    }

    /** Event id to how many times it is on the topic, for records written at or after {@code sinceMillis}. */
    public static Map<String, Integer> eventsSince(String kafka, String registry, long sinceMillis) {
        Map<String, Integer> ids = new HashMap<>();
        TopicReader.readSince(kafka, registry, Topic.IM_EVENTS.defaultName(), sinceMillis,
                (event, timestamp) -> ids.merge(event.get("id").toString(), 1, Integer::sum));
        return ids;
    }
}
