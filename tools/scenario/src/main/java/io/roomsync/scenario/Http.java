package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.security.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

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
     * As {@link #onAnyReplica}, but a call that no replica took (none could be reached, or each answered 5xx) is tried
     * again every second until {@code patience} has passed; a 4xx is final.
     */
    static JsonNode callPatiently(String method, List<String> replicas, String path, Object body, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return onAnyReplica(method, replicas, path, body);
            } catch (UncheckedIOException | Refused e) {
                if (!worthAnotherReplica(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + method + " " + path, e);
            }
        }
    }

    /**
     * {@link #call} on {@code path} of the first replica (base URLs, in order) that takes it: one that cannot be
     * reached or answers 5xx (down, starting, or its stream threads rebalancing) passes the call to the next, as a
     * Kubernetes Service routes around a pod that is not ready. The last replica's failure is the call's.
     */
    static JsonNode onAnyReplica(String method, List<String> replicas, String path, Object body) {
        RuntimeException failure = null;
        for (String replica : replicas) {
            try {
                return call(method, replica + path, body);
            } catch (UncheckedIOException | Refused e) {
                if (!worthAnotherReplica(e)) {
                    throw e;
                }
                failure = e;
            }
        }
        throw failure;
    }

    /** A failure of the server side (no answer, or 5xx), which another replica or a later try may not have. */
    private static boolean worthAnotherReplica(RuntimeException e) {
        return !(e instanceof Refused refused) || refused.status >= 500;
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
                            : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)))
                    // roomsync's APIs need a bearer token (the dev profile's); the emulator ignores it.
                    .header("Authorization", DevTokens.authorization());
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
