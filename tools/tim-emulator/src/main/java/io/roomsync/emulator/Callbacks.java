package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tencent's side of the callbacks: POSTs to the configured URL with Tencent's query string, signed with
 * {@code Sign = sha256(token + RequestTime)} when a token is set, a 2 s timeout, and no retry. Several URLs stand for a
 * load balancer before ingest's replicas ({@link CallbackTargets}): a refused connection moves on to the next one; a
 * callback that reached a replica is never sent again. After-callbacks go out
 * asynchronously (in order, from one sender thread); Before-callbacks wait for the verdict.
 */
final class Callbacks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a Before-callback decided; {@code failed} when there was no usable answer. */
    record Verdict(boolean failed, int errorCode, String errorInfo, JsonNode replacementBody) {
        static final Verdict NONE = new Verdict(false, 0, "", null);
    }

    private final EmulatorConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final CallbackTargets targets;
    private final ExecutorService afterSender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "emulator-after-callbacks");
        thread.setDaemon(true);
        return thread;
    });
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    /**
     * A callback answered with HTTP 200, exactly as sent: what the acknowledged-vs-published check replays. Its
     * {@code requestTime} (null when unsigned) is part of the event id of a body without EventTime (EventIds).
     */
    record Acknowledged(long seq, long app, String command, String body, String requestTime) {
    }

    /** The newest acknowledged callbacks (at most {@link #JOURNAL_LIMIT}; older ones are forgotten, oldest first). */
    static final int JOURNAL_LIMIT = 200_000;
    private final java.util.ArrayDeque<Acknowledged> journal = new java.util.ArrayDeque<>();
    private long journalNext;

    Callbacks(EmulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // Tencent calls back over HTTP/1.1 with keep-alive.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.callbackTimeout()).build();
        this.targets = config.callbackUrl() == null ? null : CallbackTargets.parse(config.callbackUrl());
    }

    boolean enabled() {
        return config.callbackUrl() != null;
    }

    /** Fires an After-callback without waiting; at most once, as Tencent. */
    void after(long app, String command, ObjectNode body, String clientIp, String platform) {
        if (!enabled()) {
            return;
        }
        body.put("CallbackCommand", command);
        body.put("EventTime", clock.millis());
        afterSender.execute(() -> post(app, command, body, clientIp, platform));
    }

    /** Fires a Before-callback and waits for the verdict (up to the callback timeout). */
    Verdict before(long app, String command, ObjectNode body, String clientIp, String platform) {
        if (!enabled()) {
            return Verdict.NONE;
        }
        body.put("CallbackCommand", command);
        body.put("EventTime", clock.millis());
        JsonNode answer = post(app, command, body, clientIp, platform);
        if (answer == null) {
            return new Verdict(true, 0, "", null);
        }
        return new Verdict(false, answer.path("ErrorCode").asInt(0), answer.path("ErrorInfo").asText(""),
                answer.has("MsgBody") ? answer.get("MsgBody") : null);
    }

    private JsonNode post(long app, String command, ObjectNode body, String clientIp, String platform) {
        sent.incrementAndGet();
        StringBuilder query = new StringBuilder("?SdkAppid=").append(app)
                .append("&CallbackCommand=").append(URLEncoder.encode(command, StandardCharsets.UTF_8))
                .append("&contenttype=json&ClientIP=").append(clientIp)
                .append("&OptPlatform=").append(platform);
        String time = null;
        if (config.callbackToken() != null && !config.callbackToken().isEmpty()) {
            time = Long.toString(clock.instant().getEpochSecond());
            query.append("&Sign=").append(sha256Hex(config.callbackToken() + time)).append("&RequestTime=").append(time);
        }
        String payload = body.toString();
        try {
            HttpResponse<String> response = send(query.toString(), payload);
            if (response.statusCode() != 200) {
                failed.incrementAndGet();
                log.debug("callback {} answered HTTP {}", command, response.statusCode());
                return null;
            }
            JsonNode answer = JSON.readTree(response.body());
            acknowledged.incrementAndGet();
            remember(app, command, payload, time);
            return answer;
        } catch (Exception e) {
            failed.incrementAndGet();
            log.debug("callback {} failed: {}", command, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /**
     * POSTs to the next target; a refused connection (nothing listens: that replica is down) tries the next, and when
     * every target refuses, the last refusal is the failure.
     */
    private HttpResponse<String> send(String query, String payload) throws IOException, InterruptedException {
        ConnectException refused = null;
        for (String url : targets.nextOrder()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + query))
                    .timeout(config.callbackTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                refused = e;
            }
        }
        throw refused;
    }

    private synchronized void remember(long app, String command, String body, String requestTime) {
        journal.addLast(new Acknowledged(journalNext++, app, command, body, requestTime));
        if (journal.size() > JOURNAL_LIMIT) {
            journal.removeFirst();
        }
    }

    /** Acknowledged callbacks with a sequence number from {@code from} on, at most {@code limit}, oldest first. */
    synchronized java.util.List<Acknowledged> acknowledgedFrom(long from, int limit) {
        java.util.List<Acknowledged> page = new java.util.ArrayList<>();
        for (Acknowledged entry : journal) {
            if (entry.seq() >= from) {
                page.add(entry);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    /** The sequence number the next acknowledged callback gets. */
    synchronized long journalNext() {
        return journalNext;
    }

    /** Waits until every After-callback queued so far was sent (for tests and the scenario driver). */
    void drain(Duration timeout) {
        try {
            afterSender.submit(() -> { }).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("callbacks did not drain in " + timeout, e);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        afterSender.shutdownNow();
    }
}
