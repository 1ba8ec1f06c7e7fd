package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomsync.contract.EventIds;
import io.roomsync.contract.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No accepted callback lost: every callback ingest acknowledged to Tencent (HTTP 200, as the emulator recorded it)
 * must be on {@code roomsync.im-events.v1}, once. Callbacks are matched by their event id, which the contract derives
 * from the callback as sent ({@link EventIds}).
 *
 * <p>The window is the scenario: {@link #open} drains the emulator's callbacks and notes where its journal of
 * acknowledged callbacks stands and the time; {@link #check} reads the journal from there and the topic's records
 * written since. An event on the topic that Tencent did not see acknowledged is not a loss: ingest answered 503
 * after its publish timeout (say while Kafka was down) and the producer delivered it later; it is counted apart.
 */
final class CallbackLedger {

    /** Where the window starts. */
    record Mark(long journalSeq, long epochMillis) {
    }

    /**
     * @param acknowledged          callbacks ingest answered with 200 in the window
     * @param onTopic               of those, how many are on the topic
     * @param doubled               events on the topic more than once
     * @param publishedUnacknowledged events on the topic whose callback Tencent saw fail (at-least-once, not a loss)
     * @param lost                  up to ten acknowledged callbacks missing from the topic
     * @param unacknowledgedExamples up to ten of the events whose callback Tencent saw fail: command and room
     */
    record Result(long acknowledged, long onTopic, long doubled, long publishedUnacknowledged, List<String> lost,
                  long lostCount, List<String> unacknowledgedExamples) {
        boolean whole() {
            return lostCount == 0 && doubled == 0;
        }

        String summary() {
            return String.format("callbacks: %d acknowledged by ingest, %d of them on %s (%d lost), %d on it twice; "
                            + "%d more on it whose answer did not reach Tencent in time: %s",
                    acknowledged, onTopic, Topic.IM_EVENTS.defaultName(), lostCount, doubled, publishedUnacknowledged,
                    whole() ? "NONE LOST" : "LOST OR DOUBLED");
        }
    }

    private CallbackLedger() {
    }

    static Mark open(Endpoints at) {
        Http.call("POST", at.control("callbacks/drain"), "{}");
        JsonNode stats = Http.call("GET", at.control("stats"), null);
        return new Mark(stats.path("callbacks").path("journalNext").asLong(), System.currentTimeMillis());
    }

    static Result check(Endpoints at, Mark mark) {
        Http.call("POST", at.control("callbacks/drain"), "{}");
        Set<String> acknowledged = new HashSet<>();
        long from = mark.journalSeq();
        while (true) {
            JsonNode page = Http.call("GET", at.control("callbacks?from=" + from + "&limit=10000"), null);
            for (JsonNode entry : page.path("callbacks")) {
                acknowledged.add(EventIds.of(entry.path("app").asLong(), entry.path("command").asText(),
                        entry.path("body").asText().getBytes(StandardCharsets.UTF_8),
                        entry.path("requestTime").isTextual() ? entry.path("requestTime").asText() : null));
            }
            long next = page.path("next").asLong();
            if (page.path("callbacks").isEmpty() || next == from) {
                break;
            }
            from = next;
        }
        Map<String, String> described = new HashMap<>();
        Map<String, Integer> published = eventIdsSince(at, mark.epochMillis(), described);
        List<String> lost = new ArrayList<>();
        long lostCount = 0;
        for (String id : acknowledged) {
            if (!published.containsKey(id)) {
                lostCount++;
                if (lost.size() < 10) {
                    lost.add(id);
                }
            }
        }
        long doubled = published.values().stream().filter(count -> count > 1).count();
        List<String> unacknowledged = published.keySet().stream().filter(id -> !acknowledged.contains(id))
                .map(id -> id + " " + described.get(id)).toList();
        return new Result(acknowledged.size(), acknowledged.size() - lostCount, doubled, unacknowledged.size(), lost, lostCount,
                unacknowledged.subList(0, Math.min(10, unacknowledged.size())));
    }

    /** The event ids on the topic written at or after {@code sinceMillis}, with how often each appears. */
    private static Map<String, Integer> eventIdsSince(Endpoints at, long sinceMillis, Map<String, String> described) {
        Map<String, Integer> ids = new HashMap<>();
        TopicReader.readSince(at.kafka(), at.registry(), Topic.IM_EVENTS.defaultName(), sinceMillis, (event, timestamp) -> {
            String id = event.get("id").toString();
            ids.merge(id, 1, Integer::sum);
            described.put(id, event.get("command") + " room " + event.get("room") + " at " + timestamp);
        });
        return ids;
    }
}
