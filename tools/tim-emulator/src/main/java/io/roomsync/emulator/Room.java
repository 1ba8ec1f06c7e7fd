package io.roomsync.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group as Tencent keeps it: members, admins, mutes, bans, attributes, and the log of the messages it delivered.
 * A client's view is derived: it received every message delivered while it was in the room (its membership spans),
 * except its own. So a message costs one log entry whatever the audience, and a room of thousands stays cheap.
 * Not thread-safe: {@link World} reads and changes a room only under the room's lock.
 */
final class Room {

    /** A ban: until when (Unix seconds), and why. */
    record Ban(long until, String reason) {
    }

    /** A stretch of membership: messages with log index in [from, to) reached the member. */
    static final class Span {
        final int from;
        int to = Integer.MAX_VALUE;

        Span(int from) {
            this.from = from;
        }
    }

    final long app;
    final String groupId;
    final String type;
    final String name;
    final String owner;
    final long createdSeconds;
    final Map<String, Long> members = new LinkedHashMap<>();
    final Map<String, List<Span>> spans = new HashMap<>();
    final Set<String> admins = new LinkedHashSet<>();
    final Map<String, Long> mutedUntil = new LinkedHashMap<>();
    final Map<String, Ban> bans = new LinkedHashMap<>();
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<Message> log = new ArrayList<>();
    /**
     * Random-and-content keys (content as parsed: {@link World#canonical}) of the last 5 minutes' sends, to their
     * expiry (ms), and to the seq they got.
     */
    final Map<String, Long> recentSends = new HashMap<>();
    final Map<String, Long> sentSeqs = new HashMap<>();
    /** The keys of {@link #recentSends} in the order they expire (every send gets the same 5 minutes). */
    private final ArrayDeque<Map.Entry<String, Long>> sendExpiries = new ArrayDeque<>();
    private boolean destroyed;
    final RoomRate rate;
    long nextSeq = 1;

    Room(long app, String groupId, String type, String name, String owner, long createdSeconds, int messagesPerSecond) {
        this.app = app;
        this.groupId = groupId;
        this.type = type;
        this.name = name;
        this.owner = owner;
        this.createdSeconds = createdSeconds;
        this.rate = new RoomRate(messagesPerSecond);
    }

    /** Whether {@code destroy_group} removed it (a call that found it before then answers 10010). */
    boolean destroyed() {
        return destroyed;
    }

    void markDestroyed() {
        destroyed = true;
    }

    /** Remembers a send's dedupe key until {@code expiresAtMillis}. */
    void rememberSend(String dedupeKey, long expiresAtMillis) {
        recentSends.put(dedupeKey, expiresAtMillis);
        sendExpiries.addLast(Map.entry(dedupeKey, expiresAtMillis));
    }

    /**
     * Forgets the sends whose dedupe window ended before {@code nowMillis}: from the oldest, so a send costs what
     * expired since the last one, not a scan of the whole window.
     */
    void forgetSendsExpiredBy(long nowMillis) {
        while (!sendExpiries.isEmpty() && sendExpiries.peekFirst().getValue() < nowMillis) {
            String key = sendExpiries.pollFirst().getKey();
            recentSends.remove(key);
            sentSeqs.remove(key);
        }
    }

    boolean isLive() {
        return "AVChatRoom".equals(type);
    }

    boolean isMuted(String user, long nowSeconds) {
        Long until = mutedUntil.get(user);
        return until != null && until > nowSeconds;
    }

    boolean isBanned(String user, long nowSeconds) {
        Ban ban = bans.get(user);
        return ban != null && ban.until() > nowSeconds;
    }

    /** Adds a member; false when already in. */
    boolean enter(String user, long nowSeconds) {
        if (members.containsKey(user)) {
            return false;
        }
        members.put(user, nowSeconds);
        spans.computeIfAbsent(user, u -> new ArrayList<>()).add(new Span(log.size()));
        return true;
    }

    /** Removes a member; false when not in. */
    boolean exit(String user) {
        if (members.remove(user) == null) {
            return false;
        }
        List<Span> userSpans = spans.get(user);
        userSpans.get(userSpans.size() - 1).to = log.size();
        return true;
    }

    /** Everything {@code user}'s client received here, in order. */
    List<Message> receivedBy(String user) {
        List<Message> received = new ArrayList<>();
        for (Span span : spans.getOrDefault(user, List.of())) {
            for (int i = span.from; i < Math.min(span.to, log.size()); i++) {
                Message message = log.get(i);
                if (!user.equals(message.from)) {
                    received.add(message);
                }
            }
        }
        return received;
    }
}
