package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What role-sync keeps: the state of every member of the rooms it owns, ids it has applied, ends to expire. */
public interface MemberStore {

    Optional<MemberState> get(String memberKey);

    void put(String memberKey, MemberState state);

    /** Every known member of a room, by user id. */
    Map<String, MemberState> room(long sdkAppId, String room);

    /** Whether this command, event or observation id was applied already (within the dedupe window). */
    boolean seen(String id);

    void remember(String id, Instant at);

    /** Remember to look at this member when {@code until} passes. */
    void expireAt(Instant until, String memberKey);
}
