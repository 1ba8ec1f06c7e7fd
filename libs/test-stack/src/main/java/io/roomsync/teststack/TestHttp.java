package io.roomsync.teststack;

import io.roomsync.security.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls for integration tests: the services' APIs (with a development bearer token) and the emulator's
 * control API, JSON bodies as text.
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    /**
     * {@code method url} with {@code body} (JSON, or null for none) and a development token with every scope
     * ({@link DevTokens#authorization()}; the emulator ignores it); the answer, whatever its status.
     */
    public static HttpResponse<String> call(String method, String url, String body) {
        return call(method, url, body, DevTokens.authorization());
    }

    /**
     * As {@link #call(String, String, String)}, with {@code authorization} as the {@code Authorization} header (say
     * {@code "Bearer " + DevTokens.token()...mint()}), or none when null.
     */
    public static HttpResponse<String> call(String method, String url, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + url, e);
        }
    }
}
