package io.roomsync.notices.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A room's programme clock (pseudo-live): a recorded programme (video URL, start instant, duration) scheduled in the
 * room, or its cancellation, at a version that grows by one with every change of the room's programme. Kept in the
 * room's group attributes under {@value #ATTRIBUTE} as {@code {"v":1,"url":..,"start":<epoch ms>,"duration":<s>,"version":n}}
 * (a cancelled programme as {@code {"v":1,"cancelled":true,"version":n}}, which clients read as no programme), written
 * with the room snapshot (Tencent's modify_group_attr keeps keys it is not given, so the key is set at every write);
 * a change is announced to the room by a {@value #KIND} notice. Clients: clients/web/src/programme.js.
 *
 * @param url             the video, an absolute http(s) URL or a path on the page's origin; null when cancelled
 * @param startMillis     when the programme went (goes) live, epoch milliseconds; null when cancelled
 * @param durationSeconds its length in seconds; null when cancelled
 * @param version         1, 2, ... per change of the room's programme
 * @param written         whether the room's group attributes hold this version (else a snapshot write is owed)
 */
public record Programme(String url, Long startMillis, Long durationSeconds, long version, boolean written) {

    /** The group attribute key clients read on join. */
    public static final String ATTRIBUTE = "rs.programme";
    /** The notice kind of a programme change: the {@code Notice.kind} the API publishes and the message's Desc. */
    public static final String KIND = "roomsync.programme";
    /** The longest URL taken, in UTF-8 bytes: with the snapshot's 15,000 bytes the attributes stay within Tencent's 16 KB. */
    public static final int MAX_URL_BYTES = 1000;
    /** The longest programme taken: a week, in seconds. */
    public static final long MAX_DURATION_SECONDS = 7 * 24 * 3600;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Whether the programme was cancelled (no programme is scheduled). */
    public boolean cancelled() {
        return url == null;
    }

    /**
     * A change asked for through the API, before it has a version: a schedule, or a cancellation ({@link #cancel()}).
     * Carried as the body of a {@value #KIND} notice on the notices topic, so it reaches the room's stream task (and
     * is applied once, deduplicated by notice id).
     */
    public record Change(String url, Long startMillis, Long durationSeconds) {

        /** A cancellation. */
        public static Change cancel() {
            return new Change(null, null, null);
        }

        /**
         * A schedule as the API takes it.
         *
         * @param start    an ISO-8601 instant, e.g. {@code 2026-11-30T03:00:00Z}
         * @param duration seconds, 1 to {@value #MAX_DURATION_SECONDS}
         * @throws IllegalArgumentException saying what is wrong (the API answers 400 with it)
         */
        public static Change schedule(String url, String start, Long duration) {
            requireUrl(url);
            if (start == null || start.isBlank()) {
                throw new IllegalArgumentException("start is required (an ISO-8601 instant, e.g. 2026-11-30T03:00:00Z)");
            }
            Instant at;
            try {
                at = Instant.parse(start);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("start is not an ISO-8601 instant (e.g. 2026-11-30T03:00:00Z): " + start);
            }
            if (duration == null) {
                throw new IllegalArgumentException("duration is required (seconds)");
            }
            if (duration < 1 || duration > MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException("duration is 1 to " + MAX_DURATION_SECONDS + " seconds");
            }
            return new Change(url, at.toEpochMilli(), duration);
        }

        /** The notice body carrying the change: {@code {"url":..,"start":ms,"duration":s}} or {@code {"cancel":true}}. */
        public String toJson() {
            ObjectNode json = ProtocolJson.object();
            if (url == null) {
                json.put("cancel", true);
            } else {
                json.put("url", url).put("start", startMillis).put("duration", durationSeconds);
            }
            return ProtocolJson.write(json);
        }

        /**
         * The change a notice body carries ({@link #toJson}).
         *
         * @throws IllegalArgumentException when it is not one
         */
        public static Change fromJson(String body) {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a programme change: " + body, e);
            }
            if (json.path("cancel").asBoolean(false)) {
                return cancel();
            }
            if (!json.path("url").isString() || !json.path("start").isIntegralNumber() || !json.path("duration").isIntegralNumber()) {
                throw new IllegalArgumentException("not a programme change: " + body);
            }
            return new Change(json.get("url").asString(), json.get("start").asLong(), json.get("duration").asLong());
        }
    }

    /** The room's programme after {@code change}: the next version (1 for a room that had none), not yet written. */
    public static Programme next(Programme current, Change change) {
        long version = current == null ? 1 : current.version() + 1;
        return new Programme(change.url(), change.startMillis(), change.durationSeconds(), version, false);
    }

    /** This version, written to the room's group attributes. */
    public Programme asWritten() {
        return new Programme(url, startMillis, durationSeconds, version, true);
    }

    /** The value of {@value #ATTRIBUTE} (programme.js's {@code parseProgramme} reads it). */
    public String attribute() {
        return ProtocolJson.write(fields(ProtocolJson.object().put("v", NoticeProtocol.VERSION)));
    }

    /**
     * The room message announcing this version:
     * {@code {"type":"programme","v":1,"room":..,"programme":{"url":..,"start":ms,"duration":s,"version":n}}}, with
     * {@code "programme":{"cancelled":true,"version":n}} when cancelled.
     */
    public String notice(String room) {
        ObjectNode json = ProtocolJson.object().put("type", "programme").put("v", NoticeProtocol.VERSION).put("room", room);
        fields(json.putObject("programme"));
        return ProtocolJson.write(json);
    }

    private ObjectNode fields(ObjectNode json) {
        if (cancelled()) {
            return json.put("cancelled", true).put("version", version);
        }
        return json.put("url", url).put("start", startMillis).put("duration", durationSeconds).put("version", version);
    }

    private static void requireUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        if (url.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
            throw new IllegalArgumentException("url is at most " + MAX_URL_BYTES + " bytes");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + url);
        }
        boolean web = uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
        boolean path = !uri.isAbsolute() && uri.getRawAuthority() == null && url.startsWith("/");
        if (!web && !path) {
            throw new IllegalArgumentException("url is an absolute http(s) URL or a path starting with /: " + url);
        }
    }
}
