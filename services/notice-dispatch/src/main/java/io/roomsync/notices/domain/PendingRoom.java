package io.roomsync.notices.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a room has waiting to go out: member states (coalesced when sent) and other services' notices (sent as they
 * are, in order), with when the oldest arrived and how the last attempts went.
 *
 * @param firstAtMillis   arrival of the oldest pending entry (the coalescing window starts there)
 * @param failures        failed attempts in a row
 * @param nextAttemptAt   no attempt before this (backoff)
 */
public record PendingRoom(long app, String room, List<MemberNotice> states, List<OutgoingNotice> notices,
                          long firstAtMillis, int failures, long nextAttemptAt) {

    /** Another service's notice, as it will be sent. */
    public record OutgoingNotice(String id, boolean toRoom, List<String> users, String kind, String body, String priority,
                                 long createdAtMillis) {
    }

    public static PendingRoom empty(long app, String room, long nowMillis) {
        return new PendingRoom(app, room, new ArrayList<>(), new ArrayList<>(), nowMillis, 0, 0);
    }

    public boolean isEmpty() {
        return states.isEmpty() && notices.isEmpty();
    }

    public PendingRoom with(List<MemberNotice> states, List<OutgoingNotice> notices, int failures, long nextAttemptAt) {
        long first = states.isEmpty() && notices.isEmpty() ? 0 : firstAtMillis;
        return new PendingRoom(app, room, states, notices, first, failures, nextAttemptAt);
    }
}
