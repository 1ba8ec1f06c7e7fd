package io.roomsync.moderation.rules;

import io.roomsync.contract.Keys;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies in force, as read from the policy topic: each room's own, else its app's default ({@code *}), else
 * none (every message allowed). Written by one reader thread, read by any number of request threads.
 */
public final class PolicyBook {

    private final Map<String, RoomRules> byKey = new ConcurrentHashMap<>();

    /**
     * Applies one record of the policy topic; a null policy (tombstone) removes the key's rules. A policy that
     * {@link PolicyCheck} refuses (written past the API) is not applied: the rules in force stay, and the problems
     * are thrown for the reader to log and count.
     */
    public void apply(String key, ModerationPolicy policy) {
        if (policy == null) {
            byKey.remove(key);
            return;
        }
        List<String> problems = PolicyCheck.problems(policy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("policy " + key + " revision " + policy.getRevision() + " refused: " + problems);
        }
        byKey.put(key, RoomRules.compile(policy));
    }

    /** The rules for a room, or null when neither the room nor its app has a policy. */
    public RoomRules rulesFor(long sdkAppId, String room) {
        RoomRules own = room == null ? null : byKey.get(Keys.policy(sdkAppId, room));
        return own != null ? own : byKey.get(Keys.policy(sdkAppId, Keys.APP_DEFAULT_ROOM));
    }

    /** The room's own policy, or null. */
    public ModerationPolicy own(long sdkAppId, String room) {
        RoomRules rules = byKey.get(Keys.policy(sdkAppId, room));
        return rules == null ? null : rules.policy();
    }

    public int size() {
        return byKey.size();
    }

    /**
     * A policy with every rule at its documented default (all off, banned terms masked), for a room or the app
     * default; the API starts from it, so a request states only what it sets. The enum default is set here, not
     * taken from the schema, which would need Avro to trust the contract's classes first.
     */
    public static ModerationPolicy.Builder defaults(long sdkAppId, String room) {
        return ModerationPolicy.newBuilder().setSdkAppId(sdkAppId).setRoom(room).setRevision(0)
                .setUpdatedAt(Instant.EPOCH).setUpdatedBy("").setBannedTerms(List.of()).setBannedTermAction(TermAction.MASK)
                .setAllowedDomains(List.of()).setLadder(List.of());
    }
}
