package io.roomsync.ingest.adapter;

import io.roomsync.ingest.domain.CallbackCheck;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Posts callbacks to a running ingest the way Tencent does: its query parameters, signed with the dev token. */
public final class SignedCallbacks {

    public static final String DEV_APP = "1400000000";
    public static final String DEV_TOKEN = "dev-callback-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public SignedCallbacks(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> post(String command, byte[] body) {
        return postWithQuery(query(DEV_APP, command, DEV_TOKEN, Instant.now().getEpochSecond()), body);
    }

    public HttpResponse<String> postWithQuery(String query, byte[] body) {
        return postTo("/tencent-im/callback", query, body);
    }

    public HttpResponse<String> postTo(String path, String query, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + "?" + query))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Tencent's query string, with Sign and RequestTime when a token is given. */
    public static String query(String app, String command, String token, long requestTime) {
        StringBuilder query = new StringBuilder("SdkAppid=" + app + "&CallbackCommand=" + encode(command)
                + "&contenttype=json&ClientIP=203.0.113.7&OptPlatform=Web");
        if (token != null) {
            String time = Long.toString(requestTime);
            query.append("&Sign=").append(CallbackCheck.sign(token, time)).append("&RequestTime=").append(time);
        }
        return query.toString();
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
