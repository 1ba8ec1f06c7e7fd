package io.roomsync.contract;

/**
 * Record keys of the roomsync topics. Room-keyed topics use the bare group id, so that all records of a room land on
 * one partition, in order. Member state is keyed per member, with the app first, because two IM apps may use the
 * same group id and a compacted topic keeps one record per key.
 */
public final class Keys {

    private Keys() {
    }

    public static String room(String groupId) {
        return groupId;
    }

    /** {@code sdkAppId/groupId}: a room of one app, for services' own stores (two IM apps may use the same group id). */
    public static String appRoom(long sdkAppId, String groupId) {
        return sdkAppId + "/" + groupId;
    }

    /** {@code sdkAppId/groupId/userId}; user ids contain no {@code /}, so the last {@code /} ends the group id. */
    public static String member(long sdkAppId, String groupId, String userId) {
        return memberPrefix(sdkAppId, groupId) + userId;
    }

    /**
     * What every member key of a room starts with, for a prefix scan. A group id may itself contain {@code /}: the
     * prefix of room "a" also finds the members of room "a/b", so a scan checks each key's group id.
     */
    public static String memberPrefix(long sdkAppId, String groupId) {
        return appRoom(sdkAppId, groupId) + "/";
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

    public static MemberKey parseMember(String key) {
        int first = key.indexOf('/');
        int last = key.lastIndexOf('/');
        if (first < 0 || last <= first) {
            throw new IllegalArgumentException("not a member key (sdkAppId/groupId/userId): " + key);
        }
        return new MemberKey(Long.parseLong(key.substring(0, first)), key.substring(first + 1, last), key.substring(last + 1));
    }
}
