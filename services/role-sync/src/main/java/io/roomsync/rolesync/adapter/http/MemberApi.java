package io.roomsync.rolesync.adapter.http;

import io.roomsync.contract.Ids;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.adapter.kafka.MemberQueries;
import io.roomsync.rolesync.adapter.kafka.Reconciler;
import io.roomsync.rolesync.domain.RoomSummaries;
import io.roomsync.security.spring.Caller;
import io.roomsync.support.http.BadRequest;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * role-sync's HTTP API for operators and services that prefer HTTP to Kafka. Every change request publishes the same
 * {@link MemberCommand} other services send on roomsync.member-commands.v1 and answers 202 with its id; the outcome is
 * at {@code GET /v1/commands/{id}}. Queries answer from the member state, with its version. {@code ?app=} picks the
 * IM app (default: the first configured). The OpenAPI document is at {@code /v1/openapi.yaml}.
 * Every route needs a bearer token with its scope ({@link MemberApiAccess}); a token limited to other IM apps is
 * refused 403. The requester recorded on a command is the token's subject (and client), never a request field.
 */
@RestController
@RequestMapping("/v1")
public class MemberApi {

    /** Body of mute and ban: how long, and why. */
    public record Timed(Long seconds, String reason) {
    }

    /** Body of the other changes: why (optional). */
    public record Reason(String reason) {
    }

    /**
     * The 404 of {@code GET /v1/commands/{id}} while there is no result: the API's {@code {"error":..}} shape, with the
     * id and {@code status: PENDING_OR_UNKNOWN} for callers that poll.
     */
    public record Pending(String error, String commandId, String status) {
    }

    /** A published command. */
    public record Accepted(String commandId) {
    }

    private final CommandPublisher publisher;
    private final MemberQueries queries;
    private final Reconciler reconciler;
    private final TimApps apps;
    private final RoleSyncProperties properties;

    public MemberApi(CommandPublisher publisher, MemberQueries queries, Reconciler reconciler, TimApps apps,
                     RoleSyncProperties properties) {
        this.publisher = publisher;
        this.queries = queries;
        this.reconciler = reconciler;
        this.apps = apps;
        this.properties = properties;
    }

    @PostMapping("/rooms/{roomId}/members/{userId}/mute")
    public ResponseEntity<Accepted> mute(@PathVariable String roomId, @PathVariable String userId, @RequestBody(required = false) Timed body,
                                         @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.MUTE, seconds(body, properties.maxMute().toSeconds()), reason(body));
    }

    @PostMapping("/rooms/{roomId}/members/{userId}/ban")
    public ResponseEntity<Accepted> ban(@PathVariable String roomId, @PathVariable String userId, @RequestBody(required = false) Timed body,
                                        @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.BAN, seconds(body, properties.maxBan().toSeconds()), reason(body));
    }

    @PostMapping("/rooms/{roomId}/members/{userId}/unmute")
    public ResponseEntity<Accepted> unmute(@PathVariable String roomId, @PathVariable String userId, @RequestBody(required = false) Reason body,
                                           @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.UNMUTE, null, body == null ? null : body.reason());
    }

    @PostMapping("/rooms/{roomId}/members/{userId}/unban")
    public ResponseEntity<Accepted> unban(@PathVariable String roomId, @PathVariable String userId, @RequestBody(required = false) Reason body,
                                          @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.UNBAN, null, body == null ? null : body.reason());
    }

    @PostMapping("/rooms/{roomId}/members/{userId}/admin")
    public ResponseEntity<Accepted> grantAdmin(@PathVariable String roomId, @PathVariable String userId, @RequestBody(required = false) Reason body,
                                               @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.GRANT_ADMIN, null, body == null ? null : body.reason());
    }

    @DeleteMapping("/rooms/{roomId}/members/{userId}/admin")
    public ResponseEntity<Accepted> revokeAdmin(@PathVariable String roomId, @PathVariable String userId,
                                                @RequestParam(required = false) Long app) {
        return publish(app, roomId, userId, MemberAction.REVOKE_ADMIN, null, null);
    }

    /** A command's outcome; 403 when the token may not act on the command's app (it learns nothing more). */
    @GetMapping("/commands/{id}")
    public ResponseEntity<?> result(@PathVariable String id) {
        return queries.result(id).<ResponseEntity<?>>map(result -> {
                    Caller.current().requireApp(result.sdkAppId());
                    return ResponseEntity.ok(result);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(new Pending(
                        "no result for command " + id + " yet: it is pending, or unknown", id, "PENDING_OR_UNKNOWN")));
    }

    /**
     * The rooms role-sync holds member state of, with member and sanction counts, most recently changed first:
     * {@code room} and {@code user} search (case-insensitive, part of the id), {@code app} keeps one IM app (else every
     * app the token may act on), {@code limit} 1-1000 (default 100).
     */
    @GetMapping("/rooms")
    public List<RoomSummaries.RoomSummary> rooms(@RequestParam(required = false) String room,
                                                 @RequestParam(required = false) String user,
                                                 @RequestParam(required = false) Long app,
                                                 @RequestParam(defaultValue = "100") int limit) {
        if (app != null) {
            app(app);
        }
        RoomSummaries.Search search;
        try {
            search = new RoomSummaries.Search(app, room, user, limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return queries.summaries(search, Caller.current()::mayActOn);
    }

    @GetMapping("/rooms/{roomId}/members/{userId}")
    public MemberQueries.MemberView member(@PathVariable String roomId, @PathVariable String userId, @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        requireUser(userId);
        return queries.member(app(app), roomId, userId);
    }

    @GetMapping("/rooms/{roomId}/members")
    public List<MemberQueries.MemberView> members(@PathVariable String roomId, @RequestParam(required = false) String role,
                                                  @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        MemberQueries.Filter filter = MemberQueries.Filter.parse(role);
        return queries.members(app(app), roomId, filter);
    }

    @PostMapping("/rooms/{roomId}/reconcile")
    public ResponseEntity<Map<String, String>> reconcile(@PathVariable String roomId, @RequestParam(required = false) Long app) {
        requireRoom(roomId);
        String observation;
        try {
            observation = reconciler.reconcile(app(app), roomId);
        } catch (TimException e) {
            throw new TencentRefusal.Failed(roomId, e);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("observationId", observation, "room", roomId));
    }

    private ResponseEntity<Accepted> publish(Long app, String room, String user, MemberAction action, Long seconds,
                                             String reason) {
        requireRoom(room);
        requireUser(user);
        if (reason != null && reason.length() > 200) {
            throw new BadRequest("reason is at most 200 characters");
        }
        MemberCommand command = MemberCommand.newBuilder().setId(UUID.randomUUID().toString()).setSdkAppId(app(app))
                .setRoom(room).setMembers(List.of(user)).setAction(action).setDurationSeconds(seconds).setReason(reason)
                .setRequester(Caller.current().requester())
                .setRequestedAt(Instant.now()).build();
        publisher.publish(command);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(command.getId()));
    }

    /**
     * The IM app asked for (default the first served); 403 when the token may not act on it, then 400 when it is not
     * served: in that order, so a token limited to some apps learns nothing of which other apps are served.
     */
    private long app(Long app) {
        return Caller.current().requireServedApp(app, apps.first().sdkAppId(), id -> apps.find(id).isPresent());
    }

    private static Long seconds(Timed body, long max) {
        if (body == null || body.seconds() == null) {
            throw new BadRequest("seconds is required");
        }
        if (body.seconds() <= 0 || body.seconds() > max) {
            throw new BadRequest("seconds must be between 1 and " + max + ", was " + body.seconds());
        }
        return body.seconds();
    }

    private static String reason(Timed body) {
        return body == null ? null : body.reason();
    }

    private static void requireRoom(String room) {
        if (!Ids.isValidGroupId(room)) {
            throw new BadRequest("room id must be 1-48 bytes of printable ASCII (Tencent's GroupId)");
        }
    }

    private static void requireUser(String user) {
        if (!Ids.isValidUserId(user)) {
            throw new BadRequest("user id must be 1-32 bytes of printable ASCII, without spaces");
        }
    }
}
