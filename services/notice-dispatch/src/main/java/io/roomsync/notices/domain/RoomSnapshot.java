package io.roomsync.notices.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room's durable snapshot in Tencent group attributes, for clients that were away: its admins, owners, muted and
 * banned members with their versions. Tencent allows 16 keys of at most 4 KB and 16 KB in all; the snapshot uses
 * {@code rs.meta} and up to {@code parts} keys {@code rs.p0}, {@code rs.p1}, ... of at most {@value #PART_BYTES} bytes
 * each, and every write sets every part (unused parts {@code []}), because Tencent's modify keeps keys it is not given.
 * When the members do not fit, admins and owners come first, then the mutes and bans that end last, and
 * {@code truncated} is true: a client then asks role-sync's query API for the rest.
 */
public final class RoomSnapshot {

    public static final String META = "rs.meta";
    public static final String PART_PREFIX = "rs.p";
    static final int PART_BYTES = 3800;
    static final int TOTAL_BYTES = 15000;

    private RoomSnapshot() {
    }

    /** The attributes to write for the room's notable members at {@code nowMillis}, as snapshot number {@code number}. */
    public static Map<String, String> attributes(String room, long number, List<MemberNotice> members, int parts, long nowMillis) {
        List<MemberNotice> notable = new ArrayList<>(members.stream().filter(m -> m.notable(nowMillis)).toList());
        notable.sort(Comparator.comparing((MemberNotice m) -> "MEMBER".equals(m.role()))
                .thenComparing(m -> -Math.max(orZero(m.mutedUntil()), orZero(m.bannedUntil())))
                .thenComparing(MemberNotice::user));
        Map<String, String> attributes = new LinkedHashMap<>();
        List<StringBuilder> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder("[");
        int total = 0;
        int included = 0;
        for (MemberNotice member : notable) {
            String entry = ProtocolJson.write(ProtocolJson.object().put("u", member.user()).put("r", member.role())
                    .put("m", member.mutedUntil()).put("b", member.bannedUntil()).put("v", member.version()));
            int size = entry.getBytes(StandardCharsets.UTF_8).length + 1;
            if (total + size > TOTAL_BYTES) {
                break;
            }
            if (chunk.length() + size + 1 > PART_BYTES) {
                if (chunks.size() + 1 >= parts) {
                    break;
                }
                chunks.add(chunk.append(']'));
                chunk = new StringBuilder("[");
            }
            chunk.append(chunk.length() == 1 ? "" : ",").append(entry);
            total += size;
            included++;
        }
        chunks.add(chunk.append(']'));
        for (int i = 0; i < parts; i++) {
            attributes.put(PART_PREFIX + i, i < chunks.size() ? chunks.get(i).toString() : "[]");
        }
        attributes.put(META, ProtocolJson.write(ProtocolJson.object().put("v", NoticeProtocol.VERSION).put("room", room)
                .put("snapshot", number).put("parts", parts).put("members", included)
                .put("truncated", included < notable.size()).put("at", nowMillis)));
        return attributes;
    }

    private static long orZero(Long millis) {
        return millis == null ? 0 : millis;
    }
}
