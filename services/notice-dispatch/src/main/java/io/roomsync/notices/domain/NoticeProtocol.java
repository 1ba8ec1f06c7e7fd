package io.roomsync.notices.domain;

import io.roomsync.contract.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notice protocol, version 1: the JSON clients find in a roomsync custom message ({@code TIMCustomElem}, Desc
 * {@value #DESC}). Documented for client developers in docs/notice-protocol.md.
 *
 * <pre>
 * {"type":"member.state","v":1,"room":"live_1","user":"alice","role":"ADMIN","mutedUntil":null,"bannedUntil":null,"version":7}
 * {"type":"member.state.batch","v":1,"room":"live_1","members":[{"user":..,"role":..,"mutedUntil":..,"bannedUntil":..,"version":..},..]}
 * </pre>
 *
 * Members in this order; written by {@link ProtocolJson}, whose escaping keeps these bytes. Times are epoch
 * milliseconds or null. A client applies a member's entry only when its version is higher than the one
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
                .sorted(Comparator.comparing(MemberNotice::user).thenComparingLong(MemberNotice::version)).toList();
        if (members.size() == 1) {
            return ProtocolJson.write(member(header("member.state", room), members.get(0)));
        }
        ObjectNode batch = header("member.state.batch", room);
        ArrayNode entries = batch.putArray("members");
        members.forEach(m -> member(entries.addObject(), m));
        return ProtocolJson.write(batch);
    }

    private static ObjectNode header(String type, String room) {
        ObjectNode json = ProtocolJson.object();
        json.put("type", type).put("v", VERSION).put("room", room);
        return json;
    }

    private static ObjectNode member(ObjectNode json, MemberNotice m) {
        return json.put("user", m.user()).put("role", m.role()).put("mutedUntil", m.mutedUntil())
                .put("bannedUntil", m.bannedUntil()).put("version", m.version());
    }

    /**
     * A message's id, from what it says: the same members at the same versions always make the same id, and so the
     * same Tencent {@code Random}; a retry within Tencent's 5 minutes is delivered once. The name hashed is
     * {@code app|room|user:version:changedAt|...} with {@code %}, {@code |} and {@code :} escaped in the room and user ids
     * ({@link Keys#escape(String, String)}), so no two different messages share a name (room {@code R|a:1} with member
     * {@code b} and room {@code R} with members {@code a} and {@code b} once did); ids without those characters are as
     * before. Each member's version comes with the time of its change ({@code user:version:changedAt}): a room id Tencent
     * lets be used again after its room was destroyed starts its members at version 1 again, and its notices must not
     * be taken for the old room's (notice-dispatch's own seen-notices window, or Tencent dropping a repeated Random);
     * a resend of the same state carries the same time, so its id is unchanged.
     */
    public static String noticeId(long app, String room, List<MemberNotice> members) {
        StringBuilder name = new StringBuilder().append(app).append('|').append(Keys.escape(room, NAME_SEPARATORS));
        members.stream().map(m -> Keys.escape(m.user(), NAME_SEPARATORS) + ":" + m.version() + ":" + m.changedAt()).sorted()
                .forEach(entry -> name.append('|').append(entry));
        return "ms-" + sha256(name.toString()).substring(0, 32);
    }

    /** Tencent's Random for a notice: 32 bits of the SHA-256 of its id. */
    public static long random(String noticeId) {
        return Long.parseLong(sha256(noticeId).substring(0, 8), 16);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
