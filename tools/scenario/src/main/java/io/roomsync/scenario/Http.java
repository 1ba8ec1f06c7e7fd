package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the emulator's control API and roomsync's APIs, as any client of them would call. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** A non-2xx answer; {@code errorCode}: the Tencent ErrorCode the emulator's control API answers 409 with, else 0. */
    static final class Refused extends IllegalStateException {
        final int status;
        final int errorCode;

        Refused(String message, int status, int errorCode) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
        }
    }

    /**
     * As {@link #call}, but a call that could not connect or was answered 5xx is tried again every second until
     * {@code patience} has passed; a 4xx is final.
     */
    static JsonNode callPatiently(String method, String url, Object body, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return call(method, url, body);
            } catch (UncheckedIOException | Refused e) {
                boolean serverSide = !(e instanceof Refused refused) || refused.status >= 500;
                if (!serverSide || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + method + " " + url, e);
            }
        }
    }

    private static int errorCode(String body) {
        try {
            return JSON.readTree(body).path("errorCode").asInt(0);
        } catch (IOException notJson) {
            return 0;
        }
    }

    /** The answer's JSON; a non-2xx answer is an error naming the call. */
    static JsonNode call(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new Refused(method + " " + url + " answered " + response.statusCode() + ": " + response.body(),
                        response.statusCode(), errorCode(response.body()));
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }
}
