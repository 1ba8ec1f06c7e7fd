package io.roomsync.moderation.adapter.http;

import io.roomsync.contract.Ids;
import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.moderation.adapter.kafka.DecisionLog;
import io.roomsync.moderation.domain.DecisionRates;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.PolicyCheck;
import io.roomsync.moderation.rules.RoomRules;
import io.roomsync.security.spring.Caller;
import io.roomsync.support.TopicNames;
import io.roomsync.timspring.TimApps;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The policy API (documented in docs/moderation.md): {@code PUT /v1/policies/{room}} replaces a room's rules (room
 * {@code *} for the app default), {@code GET} shows the rules in force with whether they are the room's own,
 * {@code DELETE} returns a room to the app default; {@code GET /v1/rooms/{room}/decisions} lists recent decisions.
 * A policy is checked whole and refused whole (400 with every problem); an accepted one is on the compacted policy
 * topic before the answer, from where ingest and every moderation replica apply it, without a restart.
 * Every route needs a bearer token with its scope ({@link PolicyApiAccess}) and, when the token is limited to some
 * IM apps, the app asked for; a policy's {@code updatedBy} is the token's subject (and client).
 */
@RestController
public class PolicyApi {

    /**
     * Longest {@code PUT} body, in bytes: 1 MiB. The largest policy record is half of that
     * ({@link PolicyCheck#MAX_POLICY_BYTES}), which leaves room for JSON's quotes, commas and escapes.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final KafkaTemplate<String, ModerationPolicy> template;
    private final String topic;
    private final PolicyBook policies;
    private final TimApps apps;
    private final DecisionLog decisions;
    private final Clock clock;

    public PolicyApi(KafkaTemplate<String, ModerationPolicy> template, TopicNames topics, PolicyBook policies, TimApps apps,
                     DecisionLog decisions, Clock clock) {
        this.template = template;
        this.topic = topics.name(Topic.MODERATION_POLICY);
        this.policies = policies;
        this.apps = apps;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * Replaces a room's policy. The body is at most {@link #MAX_BODY_BYTES} of strict UTF-8 JSON; answers 200 with
     * the policy as applied, 400 {@code {"error", "problems"}} listing every problem (nothing applied), 413
     * {@code {"error"}} for a larger body, 503 when Kafka did not take the record.
     */
    @PutMapping("/v1/policies/{room}")
    public ResponseEntity<Map<String, Object>> put(@PathVariable String room, @RequestParam(required = false) Long app,
                                                   HttpServletRequest http) throws IOException {
        long sdkAppId = app(app);
        checkRoom(room);
        if (!json(http.getContentType())) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "unsupported-media-type: a policy is application/json"));
        }
        byte[] body = body(http);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(Map.of("error", "the body is larger than " + MAX_BODY_BYTES + " bytes (the policy API's limit)"));
        }
        JsonNode request;
        try {
            request = PolicyDocument.parse(body);
        } catch (IllegalArgumentException e) {
            return problems(List.of(e.getMessage()));
        }
        ModerationPolicy current = policies.own(sdkAppId, room);
        ModerationPolicy policy = PolicyBook.defaults(sdkAppId, room)
                .setRevision(current == null ? 1 : current.getRevision() + 1)
                .setUpdatedAt(clock.instant()).setUpdatedBy(Caller.current().requester()).build();
        List<String> problems = new ArrayList<>(PolicyDocument.apply(request, policy));
        problems.addAll(PolicyCheck.problems(policy));
        if (!problems.isEmpty()) {
            return problems(problems);
        }
        send(Keys.policy(sdkAppId, room), policy);
        return ResponseEntity.ok(PolicyDocument.view(policy, false));
    }

    /** The request body, or null when it is longer than {@link #MAX_BODY_BYTES} (declared or sent). */
    /** No Content-Type is taken as JSON (the body is judged as JSON anyway); another type than JSON is not. */
    private static boolean json(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static byte[] body(HttpServletRequest http) throws IOException {
        if (http.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        byte[] body = http.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    @GetMapping("/v1/policies/{room}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String room, @RequestParam(required = false) Long app) {
        long sdkAppId = app(app);
        checkRoom(room);
        RoomRules rules = policies.rulesFor(sdkAppId, room);
        if (rules == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no policy for " + room + " nor an app default"));
        }
        return ResponseEntity.ok(PolicyDocument.view(rules.policy(), !rules.policy().getRoom().equals(room)));
    }

    @DeleteMapping("/v1/policies/{room}")
    public ResponseEntity<Void> delete(@PathVariable String room, @RequestParam(required = false) Long app) {
        long sdkAppId = app(app);
        checkRoom(room);
        send(Keys.policy(sdkAppId, room), null);
        return ResponseEntity.noContent().build();
    }

    /** The room's recent decisions of app {@code app} (default the first), newest first. */
    @GetMapping("/v1/rooms/{room}/decisions")
    public List<Map<String, Object>> decisions(@PathVariable String room, @RequestParam(defaultValue = "20") int limit,
                                               @RequestParam(required = false) Long app) {
        long sdkAppId = app(app);
        checkRoom(room);
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit is between 1 and 500");
        }
        // A room id is only unique within its app: another app's decisions for the same id are not this caller's.
        return decisions.recent(room, limit).stream().filter(d -> Long.valueOf(sdkAppId).equals(d.get("sdkAppId"))).toList();
    }

    /**
     * The room's moderation per minute for the last {@code minutes} (1-60, default 30), oldest first
     * ({@link DecisionRates}): {@code {"room", "app", "minutes": [{"minute", "decisions", "recalls", "sanctions"}]}}.
     */
    @GetMapping("/v1/rooms/{room}/decisions/per-minute")
    public Map<String, Object> decisionsPerMinute(@PathVariable String room, @RequestParam(defaultValue = "30") int minutes,
                                                  @RequestParam(required = false) Long app) {
        long sdkAppId = app(app);
        checkRoom(room);
        if (minutes < 1 || minutes > DecisionRates.MAX_MINUTES) {
            throw new IllegalArgumentException("minutes is between 1 and " + DecisionRates.MAX_MINUTES);
        }
        Instant now = clock.instant();
        List<ModerationDecision> ofApp = decisions
                .since(room, now.truncatedTo(ChronoUnit.MINUTES).minusSeconds(60L * (minutes - 1)))
                .stream().filter(d -> d.getSdkAppId() == sdkAppId).toList();
        return Map.of("room", room, "app", sdkAppId, "minutes", DecisionRates.perMinute(ofApp, now, minutes));
    }

    /**
     * The IM app asked for (default the first served); 403 when the token may not act on it, then 400 when it is not
     * served: in that order, so a token limited to some apps learns nothing of which other apps are served.
     */
    private long app(Long app) {
        long sdkAppId = app == null ? apps.first().sdkAppId() : app;
        Caller.current().requireApp(sdkAppId);
        if (app != null && apps.find(app).isEmpty()) {
            throw new IllegalArgumentException("app " + app + " is not configured here");
        }
        return sdkAppId;
    }

    private static void checkRoom(String room) {
        if (!Keys.APP_DEFAULT_ROOM.equals(room) && !Ids.isValidGroupId(room)) {
            throw new IllegalArgumentException("not a group id: " + room);
        }
    }

    private void send(String key, ModerationPolicy policy) {
        try {
            template.send(topic, key, policy).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the policy could not be published to Kafka; nothing changed", e);
        }
    }

    private static ResponseEntity<Map<String, Object>> problems(List<String> problems) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "policy refused, nothing applied", "problems", problems));
    }

    // Errors set their content type, so Spring does not negotiate it against Accept (text/html would make them 500s).
    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> unavailable(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }
}
