package io.roomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import io.roomsync.security.DevTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The emulator's control API, for setting up the rooms a suite drives and reading what clients received. */
final class EmulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private final int port;

    EmulatorControl(int port) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port + "/emulator/";
    }

    /** The port of the emulator's REST API (Tencent's {@code /v4/...}) and control API. */
    int port() {
        return port;
    }

    void createRoom(String groupId) {
        call("POST", "rooms", "{\"groupId\":\"" + groupId + "\",\"name\":\"bench\"}");
    }

    void join(String groupId, List<String> users) {
        call("POST", "rooms/" + groupId + "/join",
                users.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",", "{\"users\":[", "]}")));
    }

    /** A client of the room says {@code text} (Before- and After-send callbacks fire as for a real client). */
    void say(String groupId, String from, String text) {
        call("POST", "rooms/" + groupId + "/messages", "{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}");
    }

    /** Waits until every After-callback the emulator queued so far was sent (to ingest). */
    void drainCallbacks() {
        call("POST", "callbacks/drain", "");
    }

    /** What {@code user}'s client received in the room, as JSON. */
    String inbox(String user, String groupId) {
        return call("GET", "clients/" + user + "/inbox?room=" + groupId, "");
    }

    /** The room as Tencent (the emulator) has it: members, admins, muted (account to until), banned, messageCount. */
    JsonNode room(String groupId) {
        return json(call("GET", "rooms/" + groupId, ""));
    }

    /** Calls the emulator answered since it started, by "command code" (e.g. "forbid_send_msg 0", "send_group_msg 60007"). */
    Map<String, Long> calls() {
        Map<String, Long> calls = new TreeMap<>();
        json(call("GET", "stats", "")).path("calls").properties().forEach(entry -> calls.put(entry.getKey(), entry.getValue().asLong()));
        return calls;
    }

    /** Calls of these commands (any outcome) answered since {@code before} was read with {@link #calls()}. */
    long callsSince(Map<String, Long> before, List<String> commands) {
        long made = 0;
        for (Map.Entry<String, Long> entry : calls().entrySet()) {
            String command = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            if (commands.contains(command)) {
                made += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
        }
        return made;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the emulator answered no JSON: " + body, e);
        }
    }

    private String call(String method, String path, String body) {
        return send(method, base + path, body);
    }

    /** JSON over HTTP to any of the stack's APIs; the answer's body, or an error naming the call. */
    String send(String method, String url, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                // roomsync's APIs need a bearer token (the dev profile's); the emulator ignores it.
                .header("Authorization", DevTokens.authorization()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
