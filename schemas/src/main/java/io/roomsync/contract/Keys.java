package io.roomsync.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Record keys of the roomsync topics and stores. Room-keyed topics use the bare group id, so that all records of a room
 * land on one partition, in order. Member state is keyed per member, with the app first, because two IM apps may use
 * the same group id and a compacted topic keeps one record per key.
 *
 * <p><b>Composite keys.</b> A key made of several ids ({@link #appRoom}, {@link #member}, {@link #policy}, {@link #of})
 * joins its parts with {@code /} after escaping each part: {@code %} becomes {@code %25} and {@code /} becomes
 * {@code %2F}. Tencent allows {@code /} in custom group ids (and does not forbid it in user ids), so without the escape
 * room {@code R/a} member {@code b} and room {@code R} member {@code a/b} would share the key {@code app/R/a/b}; with it
 * they are {@code app/R%2Fa/b} and {@code app/R/a%2Fb}. No two different lists of parts make the same key, and
 * {@link #parts} inverts {@link #of} exactly.
 *
 * <p><b>No migration.</b> Every key whose ids contain neither {@code %} nor {@code /} is byte-identical to the key the
 * earlier, unescaped form made. Records of the rare rooms or members whose ids contain them were keyed unescaped before;
 * such old keys no longer parse (three or more {@code /}, or a {@code %} not followed by {@code 25} or {@code 2F}) and
 * are skipped by every scan; the member's state starts again from its next change, or from a reconciliation of the
 * room.
 */
public final class Keys {

    private static final char SEPARATOR = '/';
    private static final String RESERVED = String.valueOf(SEPARATOR);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Keys() {
    }

    public static String room(String groupId) {
        return groupId;
    }

    /** {@code sdkAppId/groupId} with the group id escaped: a room of one app, for services' own stores. */
    public static String appRoom(long sdkAppId, String groupId) {
        return of(Long.toString(sdkAppId), groupId);
    }

    /** {@code sdkAppId/groupId/userId}, each id escaped: one member of one room of one app. */
    public static String member(long sdkAppId, String groupId, String userId) {
        return memberPrefix(sdkAppId, groupId) + escape(userId);
    }

    /**
     * What every member key of a room starts with, for a prefix scan: {@code sdkAppId/groupId/}. The escaped group id
     * holds no {@code /}, so the prefix of room "a" finds exactly the members of room "a", never those of "a/b"
     * (whose prefix is {@code sdkAppId/a%2Fb/}).
     */
    public static String memberPrefix(long sdkAppId, String groupId) {
        return appRoom(sdkAppId, groupId) + SEPARATOR;
    }

    /** The group id of an app's default moderation policy. */
    public static final String APP_DEFAULT_ROOM = "*";

    /** {@code sdkAppId/groupId}: the key of a room's moderation policy ({@link #APP_DEFAULT_ROOM} for the app's default). */
    public static String policy(long sdkAppId, String groupId) {
        return appRoom(sdkAppId, groupId);
    }

    /** The parts of a member key. */
    public record MemberKey(long sdkAppId, String groupId, String userId) {
    }

    /** The parts of an {@link #appRoom} key. */
    public record AppRoom(long sdkAppId, String groupId) {
    }

    /**
     * The parts of a key {@link #member} made.
     *
     * @throws IllegalArgumentException when the key is not exactly what {@link #member} makes of some app, room and
     *                                  member (for example a key written unescaped by an earlier version)
     */
    public static MemberKey parseMember(String key) {
        List<String> parts = parts(key);
        if (parts.size() != 3) {
            throw new IllegalArgumentException("not a member key (sdkAppId/groupId/userId): " + key);
        }
        return new MemberKey(appId(parts.get(0), key), parts.get(1), parts.get(2));
    }

    /** {@link #parseMember}, or empty for a key that is not a member key (such as an unescaped key of an earlier version). */
    public static Optional<MemberKey> tryParseMember(String key) {
        try {
            return Optional.of(parseMember(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The parts of a key {@link #appRoom} made.
     *
     * @throws IllegalArgumentException when the key is not exactly what {@link #appRoom} makes of some app and room
     */
    public static AppRoom parseAppRoom(String key) {
        List<String> parts = parts(key);
        if (parts.size() != 2) {
            throw new IllegalArgumentException("not an app room key (sdkAppId/groupId): " + key);
        }
        return new AppRoom(appId(parts.get(0), key), parts.get(1));
    }

    /** Parts escaped and joined by {@code /}; {@link #parts} gives them back. At least one part; none null. */
    public static String of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a key has at least one part");
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            key.append(escape(parts[i]));
        }
        return key.toString();
    }

    /**
     * The parts of a key {@link #of} made, in order, unescaped.
     *
     * @throws IllegalArgumentException when {@link #of} makes no such key: a {@code %} not followed by {@code 25} or
     *                                  {@code 2F} (upper case), so that only one key stands for each list of parts
     */
    public static List<String> parts(String key) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int slash = key.indexOf(SEPARATOR); slash >= 0; slash = key.indexOf(SEPARATOR, start)) {
            parts.add(unescape(key.substring(start, slash), RESERVED, key));
            start = slash + 1;
        }
        parts.add(unescape(key.substring(start), RESERVED, key));
        return parts;
    }

    /** One id as a key part: {@code %} as {@code %25}, {@code /} as {@code %2F}; unchanged when it has neither. */
    public static String escape(String id) {
        return escape(id, RESERVED);
    }

    /**
     * An id with {@code %} and every character of {@code reserved} (ASCII) written {@code %XX} (upper-case hex), for
     * names joined by those characters: each separator then only ever separates. An id with none of them is returned
     * unchanged, so names of such ids stay byte-identical.
     */
    public static String escape(String id, String reserved) {
        StringBuilder escaped = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean special = c == '%' || reserved.indexOf(c) >= 0;
            if (special && escaped == null) {
                escaped = new StringBuilder(id.length() + 8).append(id, 0, i);
            }
            if (special) {
                escaped.append('%').append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? id : escaped.toString();
    }

    /** The inverse of {@link #escape(String, String)}: refuses any {@code %} that escape would not have written. */
    private static String unescape(String part, String reserved, String key) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        StringBuilder id = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c != '%') {
                id.append(c);
                continue;
            }
            int high = i + 2 < part.length() ? hex(part.charAt(i + 1)) : -1;
            int low = i + 2 < part.length() ? hex(part.charAt(i + 2)) : -1;
            char decoded = (char) (high << 4 | low);
            if (high < 0 || low < 0 || (decoded != '%' && reserved.indexOf(decoded) < 0)) {
                throw new IllegalArgumentException("not an escaped key: " + key);
            }
            id.append(decoded);
            i += 2;
        }
        return id.toString();
    }

    /** The value of an upper-case hex digit, or -1 (escape writes upper case only, so lower case is refused). */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** An app id part, only in the form {@link Long#toString(long)} writes (no {@code +}, no leading zero), so one app has one key. */
    private static long appId(String part, String key) {
        try {
            long app = Long.parseLong(part);
            if (Long.toString(app).equals(part)) {
                return app;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("not an app id in key: " + key);
    }
}
