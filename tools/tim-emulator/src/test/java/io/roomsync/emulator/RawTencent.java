package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the emulator over HTTP as any Tencent client would, with a fixed, externally computed UserSig. */
final class RawTencent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    RawTencent(TimEmulator emulator) {
        this.base = emulator.baseUrl();
    }

    JsonNode call(String path, String body) {
        return call(path, body, "administrator", TestSigs.ADMIN_10Y);
    }

    JsonNode call(String path, String body, String identifier, String userSig) {
        return send("/" + path + "?sdkappid=1400000000&identifier=" + identifier + "&usersig=" + userSig
                + "&random=12345&contenttype=json", "POST", body);
    }

    JsonNode control(String method, String path, String body) {
        return send("/emulator/" + path, method, body);
    }

    private JsonNode send(String pathAndQuery, String method, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
