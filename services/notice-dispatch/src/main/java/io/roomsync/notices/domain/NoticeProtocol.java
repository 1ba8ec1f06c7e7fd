package io.roomsync.notices.domain;

import io.roomsync.contract.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The notice protocol, version 1: the JSON clients find in a roomsync custom message ({@code TIMCustomElem}, Desc
 * {@value #DESC}). Documented for client developers in docs/notice-protocol.md.
 *
 * <pre>
 * {"type":"member.state","v":1,"room":"live_1","user":"alice","role":"ADMIN","mutedUntil":null,"bannedUntil":null,"version":7}
 * {"type":"member.state.batch","v":1,"room":"live_1","members":[{"user":..,"role":..,"mutedUntil":..,"bannedUntil":..,"version":..},..]}
 * </pre>
 *
 * Times are epoch milliseconds or null. A client applies a member's entry only when its version is higher than the one
 * it holds, so duplicates and reordering are harmless.
 */
public final class NoticeProtocol {

    public static final String DESC = "roomsync.member.state";
    public static final int VERSION = 1;
    /** The characters that separate the parts of a notice id's name. */
    private static final String NAME_SEPARATORS = "|:";

    private NoticeProtocol() {
    }

    /**
     * The message body for one or several members of a room, members in user order whatever order they are given in:
     * the same members at the same versions always make the same bytes. Tencent drops a resend only when both its
     * Random and its content repeat, so what a message says must not depend on how it was put together.
     */
    public static String json(String room, List<MemberNotice> unordered) {
        List<MemberNotice> members = unordered.stream()
                .sorted(java.util.Comparator.comparing(MemberNotice::user).thenComparingLong(MemberNotice::version)).toList();
        if (members.size() == 1) {
            MemberNotice m = members.get(0);
            return "{\"type\":\"member.state\",\"v\":" + VERSION + ",\"room\":" + quote(room) + "," + fields(m) + "}";
        }
        StringBuilder json = new StringBuilder("{\"type\":\"member.state.batch\",\"v\":" + VERSION + ",\"room\":" + quote(room)
                + ",\"members\":[");
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "{" : ",{").append(fields(members.get(i))).append('}');
        }
        return json.append("]}").toString();
    }

    private static String fields(MemberNotice m) {
        return "\"user\":" + quote(m.user()) + ",\"role\":" + quote(m.role()) + ",\"mutedUntil\":" + m.mutedUntil()
                + ",\"bannedUntil\":" + m.bannedUntil() + ",\"version\":" + m.version();
    }

    /**
     * A message's id, from what it says: the same members at the same versions always make the same id, and so the
     * same Tencent {@code Random}; a retry within Tencent's 5 minutes is delivered once. The name hashed is
     * {@code app|room|user:version|...} with {@code %}, {@code |} and {@code :} escaped in the room and user ids
     * ({@link Keys#escape(String, String)}), so no two different messages share a name (room {@code R|a:1} with member
     * {@code b} and room {@code R} with members {@code a} and {@code b} once did); ids without those characters are as
     * before.
     */
    public static String noticeId(long app, String room, List<MemberNotice> members) {
        StringBuilder name = new StringBuilder().append(app).append('|').append(Keys.escape(room, NAME_SEPARATORS));
        members.stream().map(m -> Keys.escape(m.user(), NAME_SEPARATORS) + ":" + m.version()).sorted()
                .forEach(entry -> name.append('|').append(entry));
        return "ms-" + sha256(name.toString()).substring(0, 32);
    }

    /** Tencent's Random for a notice: 32 bits of the SHA-256 of its id. */
    public static long random(String noticeId) {
        return Long.parseLong(sha256(noticeId).substring(0, 8), 16);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
