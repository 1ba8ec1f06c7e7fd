package io.roomsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What one simulated client believes after applying, as docs/notice-protocol.md says, the roomsync notices it
 * received (each member's entry only when its version is higher than the one held) and, when it rejoined, the room
 * snapshot (with notable members absent from it reset to plain).
 */
public final class ClientView {

    private record Entry(long version, String role, Long mutedUntil, Long bannedUntil) {
    }

    private final Map<String, Entry> members = new HashMap<>();
    int notices;
    int duplicates;
    /** The first notice received twice (one Random, two seqs), and whether the second carried the same data. */
    String firstDuplicate;

    /** Applies the custom messages of a client's inbox (one room), in the order received. */
    public void applyInbox(JsonNode inbox) {
        Map<Long, JsonNode> byRandom = new HashMap<>();
        for (JsonNode message : inbox) {
            JsonNode element = message.path("body").path(0);
            if (!"TIMCustomElem".equals(element.path("MsgType").asText())
                    || !"roomsync.member.state".equals(element.path("MsgContent").path("Desc").asText())) {
                continue;
            }
            notices++;
            JsonNode earlier = byRandom.putIfAbsent(message.path("random").asLong(), message);
            if (earlier != null && duplicates++ == 0) {
                firstDuplicate = "random " + message.path("random").asLong() + " at seq " + earlier.path("seq").asLong()
                        + " and " + message.path("seq").asLong()
                        + (data(earlier).equals(data(message)) ? ", the same data: " : ", other data: ") + data(message);
            }
            JsonNode notice = readJson(data(message));
            if ("member.state".equals(notice.path("type").asText())) {
                apply(notice.path("user").asText(), notice);
            } else if ("member.state.batch".equals(notice.path("type").asText())) {
                for (JsonNode member : notice.path("members")) {
                    apply(member.path("user").asText(), member);
                }
            }
        }
    }

    /** Applies the room snapshot (group attributes rs.meta, rs.p0...). */
    void applySnapshot(JsonNode attributes) {
        if (!attributes.has("rs.meta")) {
            return;
        }
        int parts = readJson(attributes.path("rs.meta").asText()).path("parts").asInt();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (int p = 0; p < parts; p++) {
            if (!attributes.has("rs.p" + p)) {
                continue;
            }
            for (JsonNode entry : readJson(attributes.path("rs.p" + p).asText())) {
                String user = entry.path("u").asText();
                listed.add(user);
                Entry held = members.get(user);
                long version = entry.path("v").asLong();
                if (held == null || version > held.version()) {
                    members.put(user, new Entry(version, entry.path("r").asText(), nullable(entry.path("m")), nullable(entry.path("b"))));
                }
            }
        }
        members.replaceAll((user, held) -> listed.contains(user) ? held : new Entry(held.version(), "MEMBER", null, null));
    }

    /** The version of {@code user}'s entry this client holds; 0 when it never heard of the member. */
    public long version(String user) {
        Entry entry = members.get(user);
        return entry == null ? 0 : entry.version();
    }

    public MemberView of(String user, long nowMillis) {
        Entry entry = members.get(user);
        if (entry == null) {
            return MemberView.PLAIN;
        }
        return new MemberView("ADMIN".equals(entry.role()) || "OWNER".equals(entry.role()),
                entry.mutedUntil() != null && entry.mutedUntil() > nowMillis,
                entry.bannedUntil() != null && entry.bannedUntil() > nowMillis);
    }

    private void apply(String user, JsonNode state) {
        long version = state.path("version").asLong();
        Entry held = members.get(user);
        if (held == null || version > held.version()) {
            members.put(user, new Entry(version, state.path("role").asText("MEMBER"), nullable(state.path("mutedUntil")),
                    nullable(state.path("bannedUntil"))));
        }
    }

    private static String data(JsonNode message) {
        return message.path("body").path(0).path("MsgContent").path("Data").asText();
    }

    private static Long nullable(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asLong();
    }

    private static JsonNode readJson(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
