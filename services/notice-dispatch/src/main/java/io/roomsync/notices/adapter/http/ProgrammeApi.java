package io.roomsync.notices.adapter.http;

import io.roomsync.contract.Ids;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.notice.Notice;
import io.roomsync.contract.notice.NoticeAudience;
import io.roomsync.contract.notice.NoticePriority;
import io.roomsync.notices.adapter.ProgrammeStore;
import io.roomsync.notices.domain.Programme;
import io.roomsync.security.spring.Caller;
import io.roomsync.support.TopicNames;
import io.roomsync.support.http.BadRequest;
import io.roomsync.timspring.TimApps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The programme API (README, "Web clients"): schedule, change, cancel and read a room's recorded programme.
 * {@code PUT /v1/rooms/{roomId}/programme} with {@code {"url":..,"start":"<ISO-8601 instant>","duration":<seconds>}}
 * and {@code DELETE} publish the change as a {@link Programme#KIND} notice on the notices topic (keyed by room) and
 * answer 202 with its id; the room's stream task applies it once, at the room's next version, writes
 * {@code rs.programme} in the group attributes with the room snapshot and announces it to the room
 * ({@code Dispatcher#onNotice}). {@code GET} answers the room's current programme from notice-dispatch's store (404
 * when none is scheduled). {@code ?app=} picks the IM app (default the first served). Errors are
 * {@code {"error":".."}}: 400 for a bad request, 403 for an app the token may not act on, 503 when Kafka did not take
 * the change or the store is not loaded.
 */
@RestController
@RequestMapping("/v1/rooms/{roomId}/programme")
public class ProgrammeApi {

    /** A programme as the API takes it: {@code start} an ISO-8601 instant, {@code duration} seconds. */
    public record ProgrammeRequest(String url, String start, Long duration) {
    }

    private final KafkaTemplate<String, Notice> template;
    private final String topic;
    private final TimApps apps;
    private final ProgrammeStore store;

    public ProgrammeApi(KafkaTemplate<String, Notice> template, TopicNames topics, TimApps apps, ProgrammeStore store) {
        this.template = template;
        this.topic = topics.name(Topic.NOTICES);
        this.apps = apps;
        this.store = store;
    }

    @PutMapping
    public ResponseEntity<Map<String, String>> schedule(@PathVariable String roomId, @RequestBody(required = false) ProgrammeRequest body,
                                                        @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        long sdkAppId = app(app);
        if (body == null) {
            throw new BadRequest("a body {\"url\":..,\"start\":..,\"duration\":..} is required");
        }
        Programme.Change change;
        try {
            change = Programme.Change.schedule(body.url(), body.start(), body.duration());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return publish(sdkAppId, roomId, change);
    }

    @DeleteMapping
    public ResponseEntity<Map<String, String>> cancel(@PathVariable String roomId, @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        return publish(app(app), roomId, Programme.Change.cancel());
    }

    /** The room's programme: {@code {"room","url","start" (ISO-8601),"duration","version","written"}}; 404 when none. */
    @GetMapping
    public ResponseEntity<Map<String, Object>> current(@PathVariable String roomId, @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        return store.programme(Keys.appRoom(app(app), roomId)).filter(p -> !p.cancelled())
                .map(p -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("room", roomId);
                    view.put("url", p.url());
                    view.put("start", Instant.ofEpochMilli(p.startMillis()).toString());
                    view.put("duration", p.durationSeconds());
                    view.put("version", p.version());
                    view.put("written", p.written());
                    return ResponseEntity.ok(view);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("error", "no programme is scheduled in room " + roomId)));
    }

    private ResponseEntity<Map<String, String>> publish(long app, String room, Programme.Change change) {
        Notice notice = Notice.newBuilder().setId(UUID.randomUUID().toString()).setSdkAppId(app).setRoom(room)
                .setAudience(NoticeAudience.ROOM).setKind(Programme.KIND).setBody(change.toJson())
                .setPriority(NoticePriority.HIGH).setRequester(Caller.current().requester()).setCreatedAt(Instant.now())
                .build();
        try {
            template.send(topic, Keys.room(room), notice).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ApiErrors.NotPublished("the change could not be published to Kafka; nothing was changed", e);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("notice", notice.getId(), "room", room));
    }

    /**
     * The IM app asked for (default the first served); 403 when the token may not act on it, then 400 when it is not
     * served (in that order, as role-sync's API, so a token learns nothing of other apps).
     */
    private long app(Long app) {
        return Caller.current().requireServedApp(app, apps.first().sdkAppId(), id -> apps.find(id).isPresent());
    }

    private static void requireRoom(String room) {
        if (!Ids.isValidGroupId(room)) {
            throw new BadRequest("room id must be 1-48 bytes of printable ASCII (Tencent's GroupId)");
        }
    }
}
