package io.roomsync.security;

import java.util.List;

/**
 * The scopes of roomsync's HTTP APIs (README, "Security"): a bearer token's {@code scope} claim (space-separated, or
 * {@code scp} as a list) names what it may do. Each endpoint needs exactly one of them.
 */
public final class ApiScope {

    /** role-sync: read members, rooms' admin/muted/banned lists and command outcomes. */
    public static final String MEMBERS_READ = "members:read";
    /** role-sync: mute, unmute, ban, unban. */
    public static final String MEMBERS_WRITE = "members:write";
    /** role-sync: grant and revoke admin. */
    public static final String ADMINS_WRITE = "admins:write";
    /** role-sync: reconcile a room with Tencent now. */
    public static final String ROOMS_RECONCILE = "rooms:reconcile";
    /** moderation: read policies. */
    public static final String POLICIES_READ = "policies:read";
    /** moderation: replace and delete policies. */
    public static final String POLICIES_WRITE = "policies:write";
    /** moderation: read a room's recent decisions (they quote members' messages). */
    public static final String DECISIONS_READ = "decisions:read";

    /** notice-dispatch: read a room's programme (pseudo-live). */
    public static final String PROGRAMMES_READ = "programmes:read";
    /** notice-dispatch: schedule, change and cancel a room's programme. */
    public static final String PROGRAMMES_WRITE = "programmes:write";

    /** Every scope, in the order above. */
    public static final List<String> ALL = List.of(MEMBERS_READ, MEMBERS_WRITE, ADMINS_WRITE, ROOMS_RECONCILE,
            POLICIES_READ, POLICIES_WRITE, DECISIONS_READ, PROGRAMMES_READ, PROGRAMMES_WRITE);

    private ApiScope() {
    }
}
