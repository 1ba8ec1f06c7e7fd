package io.roomsync.contract;

import java.nio.charset.StandardCharsets;

/**
 * The shape of Tencent IM identifiers, as roomsync checks them wherever they come in.
 *
 * <ul>
 *   <li>A group id (room) is 1 to 48 bytes of printable ASCII (0x20-0x7e): Tencent's rule for custom ids, which
 *       its generated ids ({@code @TGS#...}) follow too.</li>
 *   <li>A user id is 1 to 32 bytes of printable ASCII without space: Tencent allows 32 bytes and recommends
 *       letters and digits. {@code /} and {@code %} are allowed: composite keys escape them ({@link Keys}).</li>
 * </ul>
 */
public final class Ids {

    public static final int MAX_GROUP_ID_BYTES = 48;
    public static final int MAX_USER_ID_BYTES = 32;

    private Ids() {
    }

    public static boolean isValidGroupId(String groupId) {
        return groupId != null && fits(groupId, MAX_GROUP_ID_BYTES, ' ');
    }

    /**
     * Whether {@code userId} is a UserID Tencent could send or accept: 1 to 32 bytes of printable ASCII without
     * space, {@code /} and {@code %} included. ingest refuses callbacks naming anything else, role-sync commands too.
     */
    public static boolean isValidUserId(String userId) {
        return userId != null && fits(userId, MAX_USER_ID_BYTES, '!');
    }

    private static boolean fits(String id, int maxBytes, char lowest) {
        int length = id.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > maxBytes) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < lowest || c > '~') {
                return false;
            }
        }
        return true;
    }
}
