package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The emulator's own API under {@code /emulator}, for tests, demos and the CLI: create rooms, make users join and
 * leave and speak as a client would, read what Tencent knows and what each client received, inject faults. Not
 * Tencent's protocol; JSON in, JSON out. {@code ?app=} picks the IM app (default: the first configured).
 */
final class ControlApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: HTTP status and JSON body. */
    record Reply(int status, JsonNode body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body);
        }

        static Reply error(int status, String message) {
            return new Reply(status, JSON.createObjectNode().put("error", message));
        }
    }

    private final EmulatorConfig config;
    private final World world;
    private final Faults faults;
    private final RestApi rest;
    private final Callbacks callbacks;

    ControlApi(EmulatorConfig config, World world, Faults faults, RestApi rest, Callbacks callbacks) {
        this.config = config;
        this.world = world;
        this.faults = faults;
        this.rest = rest;
        this.callbacks = callbacks;
    }

    /** {@code segments}: the decoded path after {@code /emulator/}. */
    Reply handle(String method, List<String> segments, Map<String, String> query, JsonNode body) {
        long app = query.containsKey("app") ? Long.parseLong(query.get("app")) : config.appIds().get(0);
        if (!config.apps().containsKey(app)) {
            return Reply.error(404, "no app " + app);
        }
        try {
            return route(method, segments, query, body, app);
        } catch (TimError e) {
            return new Reply(409, JSON.createObjectNode().put("errorCode", e.code).put("errorInfo", e.getMessage()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Reply.error(400, "bad request: " + e.getMessage());
        }
    }

    private Reply route(String method, List<String> path, Map<String, String> query, JsonNode body, long app) {
        String first = path.isEmpty() ? "" : path.get(0);
        int size = path.size();
        switch (method + " " + first + (size > 2 ? " " + path.get(2) : size == 2 ? " *" : "")) {
            case "POST rooms" -> {
                String id = world.createGroup(app, body.path("type").asText("AVChatRoom"),
                        body.hasNonNull("groupId") ? body.get("groupId").asText() : null,
                        body.path("name").asText("live room"), body.hasNonNull("owner") ? body.get("owner").asText() : null);
                return Reply.ok(JSON.createObjectNode().put("groupId", id));
            }
            case "GET rooms" -> {
                ArrayNode rooms = JSON.createArrayNode();
                world.rooms(app).forEach(room -> rooms.add(roomState(app, room.groupId, false)));
                return Reply.ok(rooms);
            }
            case "GET rooms *" -> {
                return Reply.ok(roomState(app, path.get(1), true));
            }
            case "DELETE rooms *" -> {
                world.destroyGroup(app, path.get(1));
                return Reply.ok(JSON.createObjectNode().put("destroyed", path.get(1)));
            }
            case "POST rooms join" -> {
                ObjectNode result = JSON.createObjectNode();
                ArrayNode joined = result.putArray("joined");
                ObjectNode refused = result.putObject("refused");
                for (JsonNode user : body.path("users")) {
                    try {
                        world.join(app, path.get(1), user.asText(), body.path("platform").asText("Web"));
                        joined.add(user.asText());
                    } catch (TimError e) {
                        refused.put(user.asText(), e.code);
                    }
                }
                return Reply.ok(result);
            }
            case "POST rooms leave" -> {
                for (JsonNode user : body.path("users")) {
                    world.leave(app, path.get(1), user.asText(), body.path("platform").asText("Web"));
                }
                return Reply.ok(JSON.createObjectNode().put("left", body.path("users").size()));
            }
            case "POST rooms messages" -> {
                return Reply.ok(sendAsClient(app, path.get(1), body));
            }
            case "GET rooms attributes" -> {
                return Reply.ok(JSON.valueToTree(world.attributes(app, path.get(1))));
            }
            case "PUT rooms attributes" -> {
                // As modify_group_attr by the app admin: these keys set, the others kept, Tencent's limits applied.
                Map<String, String> changes = new java.util.LinkedHashMap<>();
                body.properties().forEach(field -> changes.put(field.getKey(), field.getValue().asText()));
                world.modifyAttributes(app, path.get(1), changes);
                return Reply.ok(JSON.valueToTree(world.attributes(app, path.get(1))));
            }
            case "GET clients inbox" -> {
                return Reply.ok(inbox(app, path.get(1), query.get("room")));
            }
            case "GET faults" -> {
                return Reply.ok(JSON.valueToTree(faults.all()));
            }
            case "PUT faults *" -> {
                faults.set(path.get(1), new Faults.Fault(body.path("errorCode").asInt(0), body.path("errorPercent").asInt(0),
                        body.path("timeoutPercent").asInt(0), body.path("timeoutMillis").asLong(6000),
                        body.path("dropPercent").asInt(0), body.path("latencyMillis").asLong(0),
                        body.path("groupId").asText(null)));
                return Reply.ok(JSON.valueToTree(faults.all()));
            }
            case "DELETE faults" -> {
                faults.clear();
                return Reply.ok(JSON.createObjectNode());
            }
            case "GET stats" -> {
                ObjectNode stats = JSON.createObjectNode();
                ObjectNode calls = stats.putObject("calls");
                rest.callsByApiAndCode.forEach((key, count) -> calls.put(key, count.get()));
                // The most calls each API had in any one second, and the most group attribute writes (app-wide)
                ObjectNode peaks = stats.putObject("peaks");
                rest.peaks().forEach(peaks::put);
                stats.put("attributeWritesPeak", world.attributeWritesPeak());
                stats.putObject("callbacks").put("sent", callbacks.sent.get())
                        .put("acknowledged", callbacks.acknowledged.get()).put("failed", callbacks.failed.get())
                        .put("journalNext", callbacks.journalNext());
                return Reply.ok(stats);
            }
            case "GET callbacks" -> {
                // The acknowledged callbacks as sent, oldest first, in pages: {"next": seq, "callbacks": [...]};
                // requestTime is null for unsigned callbacks.
                long from = Long.parseLong(query.getOrDefault("from", "0"));
                int limit = Math.min(10_000, Integer.parseInt(query.getOrDefault("limit", "10000")));
                ObjectNode page = JSON.createObjectNode();
                ArrayNode entries = page.putArray("callbacks");
                long next = from;
                for (Callbacks.Acknowledged entry : callbacks.acknowledgedFrom(from, limit)) {
                    entries.addObject().put("seq", entry.seq()).put("app", entry.app()).put("command", entry.command())
                            .put("body", entry.body()).put("requestTime", entry.requestTime());
                    next = entry.seq() + 1;
                }
                page.put("next", Math.max(next, entries.isEmpty() ? callbacks.journalNext() : next));
                return Reply.ok(page);
            }
            case "POST callbacks *" -> {
                if (!path.get(1).equals("drain")) {
                    return Reply.error(404, "no such control endpoint: POST /emulator/callbacks/" + path.get(1));
                }
                callbacks.drain(Duration.ofSeconds(60));
                return Reply.ok(JSON.createObjectNode().put("drained", true));
            }
            case "POST reset" -> {
                world.reset();
                faults.clear();
                return Reply.ok(JSON.createObjectNode().put("reset", true));
            }
            default -> {
                return Reply.error(404, "no such control endpoint: " + method + " /emulator/" + String.join("/", path));
            }
        }
    }

    /** A member's client sends a text (or a given body): mute, Before-callback and frequency control apply. */
    private JsonNode sendAsClient(long app, String room, JsonNode body) {
        String from = body.path("from").asText(null);
        if (from == null) {
            throw new IllegalArgumentException("from is required");
        }
        JsonNode msgBody = body.has("body") ? body.get("body") : JSON.createArrayNode().add(JSON.createObjectNode()
                .put("MsgType", "TIMTextElem").set("MsgContent", JSON.createObjectNode().put("Text", body.path("text").asText(""))));
        long random = body.has("random") ? body.get("random").asLong() : ThreadLocalRandom.current().nextLong(1L << 32);
        ObjectNode result = JSON.createObjectNode();
        try {
            World.Sent sent = world.sendGroupMessage(app, room, from, random, body.path("priority").asText("Normal"),
                    msgBody, null, true, false, false);
            result.put("errorCode", 0).put("msgSeq", sent.msgSeq()).put("delivered", !sent.dropped());
            if (sent.dropReason() != null) {
                result.put("dropReason", sent.dropReason());
            }
        } catch (TimError e) {
            result.put("errorCode", e.code).put("errorInfo", e.getMessage()).put("delivered", false);
        }
        return result;
    }

    private JsonNode roomState(long app, String groupId, boolean full) {
        Map<String, Long> muted = world.muted(app, groupId);
        return world.inRoom(app, groupId, room -> {
            ObjectNode state = JSON.createObjectNode().put("groupId", room.groupId).put("type", room.type)
                    .put("name", room.name).put("owner", room.owner).put("memberCount", room.members.size())
                    .put("messageCount", room.log.size());
            state.set("admins", JSON.valueToTree(room.admins));
            state.set("muted", JSON.valueToTree(muted));
            ObjectNode banned = state.putObject("banned");
            room.bans.forEach((user, ban) -> {
                if (ban.until() > java.time.Instant.now().getEpochSecond()) {
                    banned.putObject(user).put("until", ban.until()).put("reason", ban.reason());
                }
            });
            state.set("attributes", JSON.valueToTree(room.attributes));
            if (full) {
                state.set("members", JSON.valueToTree(room.members.keySet()));
            }
            return state;
        });
    }

    private JsonNode inbox(long app, String user, String onlyRoom) {
        ArrayNode inbox = JSON.createArrayNode();
        for (Message message : world.inbox(app, user, onlyRoom)) {
            ObjectNode entry = inbox.addObject();
            entry.put("room", message.room).put("seq", message.seq).put("from", message.from)
                    .put("priority", message.priority).put("time", message.timeSeconds).put("recalled", message.recalled)
                    .put("random", message.random);
            entry.set("body", message.body);
        }
        return inbox;
    }
}
