package io.roomsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The emulator's control API, for setting up the rooms a suite drives. */
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

    private void call(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
