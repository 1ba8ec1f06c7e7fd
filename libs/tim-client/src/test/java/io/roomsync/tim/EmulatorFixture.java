package io.roomsync.tim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The emulator in this JVM, and its control API over HTTP for the tests' Given and Then. */
final class EmulatorFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    final TimEmulator emulator;
    final TimApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    EmulatorFixture(EmulatorConfig config) {
        emulator = TimEmulator.start(config);
        app = new TimApp(EmulatorConfig.DEV_APP, URI.create(emulator.baseUrl()), "administrator", EmulatorConfig.DEV_SECRET_KEY);
    }

    static EmulatorFixture dev() {
        return new EmulatorFixture(EmulatorConfig.dev(0, null));
    }

    JsonNode control(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/emulator/" + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many calls of this command the emulator answered with this code. */
    long calls(String command, int code) {
        return control("GET", "stats", null).path("calls").path(command + " " + code).asLong(0);
    }

    void fault(String command, String json) {
        control("PUT", "faults/" + command, json);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
