package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser-facing side of the emulator, under {@code /client/v1}: what Tencent's Web SDK does over its private
 * protocol, as plain HTTP for the emulator adapter ({@code clients/web/src/emulator-chat.js}). Every call names
 * {@code sdkAppID}, {@code userID} and {@code userSig} in its query, verified as the REST API's are (70001 expired,
 * 70003 undecodable, 70009 wrong key, 70013 other user). Answers are HTTP 200 with {@code {"code":0,"data":{..}}} or
 * {@code {"code":<Tencent error>,"message":".."}}, the SDK's error shape.
 *
 * <ul>
 *   <li>{@code POST groups/<id>/join}, {@code POST groups/<id>/quit}: enter or leave a live room (callbacks fire as
 *       for a client; a banned user gets 10007);</li>
 *   <li>{@code POST groups/<id>/messages} {@code {"text":".."}} or {@code {"body":[MsgBody..]}}: send as the user
 *       (10017 when muted, Before-send verdicts apply);</li>
 *   <li>{@code GET groups/<id>/attributes}: the group's attributes (10007 unless the user is in the room);</li>
 *   <li>{@code GET poll?after=<order>&cursor=<n>&wait=<ms>}: a long poll; waits (at most 25 s) until something changed
 *       after {@code cursor}, then answers the messages the user received after delivery {@code after} (-1: none, a
 *       fresh login starts from now), the
 *       attributes of the rooms the user is in, the new {@code cursor} and {@code after}, and {@code serverTime}
 *       (epoch ms, for the client's server time offset);</li>
 *   <li>{@code GET dev-usersig?userID=} (no UserSig needed): a UserSig for the first app, valid one day. Development
 *       only: in production the app's own backend signs UserSigs.</li>
 * </ul>
 */
final class BrowserApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_WAIT_MILLIS = 25_000;

    private final EmulatorConfig config;
    private final World world;
    private final Clock clock;
    private final UserSigVerifier verifier;

    BrowserApi(EmulatorConfig config, World world, Clock clock) {
        this.config = config;
        this.world = world;
        this.clock = clock;
        this.verifier = new UserSigVerifier(config.apps());
    }

    /** {@code segments}: the decoded path after {@code /client/v1/}. */
    JsonNode handle(String method, List<String> segments, Map<String, String> query, JsonNode body) {
        try {
            if (segments.equals(List.of("dev-usersig"))) {
                long app = config.appIds().get(0);
                String user = query.get("userID");
                if (user == null || user.isBlank()) {
                    throw TimError.badParameter("userID is required");
                }
                // A page's user, never an app admin: an admin's UserSig would pass the REST API's check (/v4).
                if (config.apps().get(app).admins().contains(user)) {
                    throw TimError.badParameter("no development UserSig for the app admin " + user);
                }
                return ok(JSON.createObjectNode().put("sdkAppID", app).put("userID", user)
                        .put("userSig", sign(config.apps().get(app), user, 86_400, clock.instant().getEpochSecond())));
            }
            long app = Long.parseLong(query.getOrDefault("sdkAppID", "0"));
            String user = query.get("userID");
            verifier.verify(app, user, query.get("userSig"), clock.instant().getEpochSecond());
            return ok(route(method, segments, query, body, app, user));
        } catch (TimError e) {
            return JSON.createObjectNode().put("code", e.code).put("message", e.getMessage());
        } catch (NumberFormatException e) {
            return JSON.createObjectNode().put("code", 10004).put("message", "bad parameter: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode().put("code", 2801).put("message", "request interrupted");
        }
    }

    private JsonNode route(String method, List<String> path, Map<String, String> query, JsonNode body, long app,
                           String user) throws InterruptedException {
        if (method.equals("GET") && path.equals(List.of("poll"))) {
            return poll(app, user, Long.parseLong(query.getOrDefault("after", "0")),
                    Long.parseLong(query.getOrDefault("cursor", "-1")),
                    Math.max(0, Math.min(MAX_WAIT_MILLIS, Long.parseLong(query.getOrDefault("wait", "20000")))));
        }
        if (path.size() != 3 || !path.get(0).equals("groups")) {
            throw new TimError(10003, "no such client call: " + method + " /client/v1/" + String.join("/", path));
        }
        String group = path.get(1);
        switch (method + " " + path.get(2)) {
            case "POST join" -> {
                world.join(app, group, user, "Web");
                ObjectNode data = JSON.createObjectNode().put("status", "JoinedSuccess");
                data.putObject("group").put("groupID", group).put("type", "AVChatRoom");
                return data;
            }
            case "POST quit" -> {
                world.leave(app, group, user, "Web");
                return JSON.createObjectNode().put("groupID", group);
            }
            case "POST messages" -> {
                JsonNode msgBody = body.has("body") ? body.get("body") : JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("MsgType", "TIMTextElem").set("MsgContent", JSON.createObjectNode().put("Text", body.path("text").asText(""))));
                long random = ThreadLocalRandom.current().nextLong(1L << 32);
                World.Sent sent = world.sendGroupMessage(app, group, user, random, body.path("priority").asText("Normal"),
                        msgBody, null, true, false, false);
                return JSON.createObjectNode().put("sequence", sent.msgSeq()).put("time", sent.msgTime());
            }
            case "GET attributes" -> {
                if (!world.roomsOf(app, user).contains(group)) {
                    throw new TimError(10007, user + " is not in " + group + ": join before reading its attributes");
                }
                ObjectNode data = JSON.createObjectNode();
                data.set("groupAttributes", JSON.valueToTree(world.attributes(app, group)));
                return data;
            }
            default -> throw new TimError(10003, "no such client call: " + method + " /client/v1/" + String.join("/", path));
        }
    }

    private JsonNode poll(long app, String user, long after, long cursor, long waitMillis) throws InterruptedException {
        long now = world.changes();
        if (cursor >= now) {
            // A cursor from the future waits only for the next change, never for a count that may never come.
            now = world.awaitChange(now, waitMillis);
        }
        ObjectNode data = JSON.createObjectNode().put("cursor", now).put("serverTime", clock.millis());
        ArrayNode messages = data.putArray("messages");
        long last = after;
        for (Message message : world.inbox(app, user, null)) {
            if (after < 0) {
                // A fresh login: live rooms keep no history, so the client starts after what is already there.
                last = Math.max(last, message.order);
            } else if (message.order > after) {
                messages.add(sdkMessage(message));
                last = Math.max(last, message.order);
            }
        }
        data.put("after", Math.max(0, last));
        ObjectNode attributes = data.putObject("groupAttributes");
        for (String room : world.roomsOf(app, user)) {
            try {
                attributes.set(room, JSON.valueToTree(world.attributes(app, room)));
            } catch (TimError gone) {
                // destroyed between the two reads: the next poll no longer lists it
            }
        }
        return data;
    }

    /** A delivered message in the Web SDK's {@code Message} shape (type, payload, from, to, time, sequence). */
    private static ObjectNode sdkMessage(Message message) {
        JsonNode element = message.body.path(0);
        String type = element.path("MsgType").asText("TIMCustomElem");
        JsonNode content = element.path("MsgContent");
        ObjectNode sdk = JSON.createObjectNode().put("ID", message.order + "-" + message.random).put("type", type)
                .put("from", message.from).put("to", message.room).put("conversationType", message.room == null ? "C2C" : "GROUP")
                .put("time", message.timeSeconds).put("sequence", message.seq).put("priority", message.priority)
                .put("isRevoked", message.recalled);
        ObjectNode payload = sdk.putObject("payload");
        switch (type) {
            case "TIMTextElem" -> payload.put("text", content.path("Text").asText(""));
            case "TIMCustomElem" -> payload.put("data", content.path("Data").asText(""))
                    .put("description", content.path("Desc").asText(""))
                    .put("extension", content.path("Ext").asText(""));
            default -> payload.set("raw", content);
        }
        return sdk;
    }

    private static ObjectNode ok(JsonNode data) {
        ObjectNode reply = JSON.createObjectNode().put("code", 0);
        reply.set("data", data);
        return reply;
    }

    /**
     * A TLSSigAPIv2 UserSig (tencent-im.md §4): HMAC-SHA256 over the four {@code TLS.*} lines with the app's key,
     * the JSON deflated with a zlib header, base64 with {@code +/=} replaced by {@code *-_}.
     */
    static String sign(EmulatorConfig.App app, String identifier, long expireSeconds, long nowSeconds) {
        try {
            String content = "TLS.identifier:" + identifier + "\nTLS.sdkappid:" + app.sdkAppId() + "\nTLS.time:" + nowSeconds
                    + "\nTLS.expire:" + expireSeconds + "\n";
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(app.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String sig = Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("TLS.ver", "2.0")
                    .put("TLS.identifier", identifier).put("TLS.sdkappid", app.sdkAppId()).put("TLS.expire", expireSeconds)
                    .put("TLS.time", nowSeconds).put("TLS.sig", sig));
            Deflater deflater = new Deflater();
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[512];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            return Base64.getEncoder().encodeToString(out.toByteArray()).replace('+', '*').replace('/', '-').replace('=', '_');
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
