package io.roomsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.security.DevTokens;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** One JSON call to a roomsync HTTP API or the emulator, its answer printed; exit code 0 on 2xx, 1 otherwise, 2 unreachable. */
final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private HttpJson() {
    }

    static int call(CommandSpec spec, String what, String method, String url, JsonNode body) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(70))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()))
                    // roomsync's APIs need a bearer token: the dev profile's, as bin/roomsync token prints.
                    .header("Authorization", DevTokens.authorization());
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            out.println(response.body().isBlank() ? "(" + response.statusCode() + ")"
                    : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(response.body())));
            out.flush();
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println(what + " at " + url + " did not answer: " + e.getMessage());
            return 2;
        }
    }
}
