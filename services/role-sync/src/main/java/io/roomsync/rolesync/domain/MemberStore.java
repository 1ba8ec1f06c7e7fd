package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What role-sync keeps: the state of every member of the rooms it owns, ids it has applied, ends to expire, the
 * newest callback time applied to each aspect of each member, and when recently destroyed rooms ended
 * ({@link StateRetention}).
 */
public interface MemberStore {

    Optional<MemberState> get(String memberKey);

    void put(String memberKey, MemberState state);

    /** Every known member of a room, by user id. */
    Map<String, MemberState> room(long sdkAppId, String room);

    /** Whether this command, event or observation id was applied already (within the dedupe window). */
    boolean seen(String id);

    void remember(String id, Instant at);

    /** When {@code id} was last remembered ({@link #remember}), while it is within the dedupe window. */
    Optional<Instant> remembered(String id);

    /** Remember to look at this member when {@code until} passes. */
    void expireAt(Instant until, String memberKey);

    /** The newest callback EventTime applied to this aspect of the member ({@link CallbackOrder}), if any. */
    Optional<Instant> newestCallback(String memberKey, CallbackOrder.Aspect aspect);

    /** Records {@code eventTime} as the newest callback EventTime applied to this aspect of the member. */
    void callbackApplied(String memberKey, CallbackOrder.Aspect aspect, Instant eventTime);

    /**
     * Removes everything kept about these members: their states, callback times and pending expiries (members of a
     * destroyed room, issue 14 case 7).
     *
     * @param memberKeys member keys ({@code Keys.member})
     * @return the member keys whose state was removed, in key order (each becomes a tombstone on the member-state
     *         topic)
     */
    List<String> forgetMembers(List<String> memberKeys);

    /** When the room last ended (its destroy callback's EventTime), while {@link StateRetention} keeps it. */
    Optional<Instant> roomEnded(long sdkAppId, String room);

    /** Records that the room ended at {@code eventTime} (the destroy callback's EventTime). */
    void roomEnded(long sdkAppId, String room, Instant eventTime);
}
