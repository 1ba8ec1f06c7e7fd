package io.roomsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import io.roomsync.security.DevTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The emulator's control API, for setting up the rooms a suite drives and reading what clients received. */
final class EmulatorControl {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    EmulatorControl(int port) {
        this.base = "http://127.0.0.1:" + port + "/emulator/";
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

    /** What {@code user}'s client received in the room, as JSON. */
    String inbox(String user, String groupId) {
        return call("GET", "clients/" + user + "/inbox?room=" + groupId, "");
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
