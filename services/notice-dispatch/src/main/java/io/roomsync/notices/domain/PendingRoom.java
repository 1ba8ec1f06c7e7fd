package io.roomsync.notices.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a room has waiting to go out: member states (coalesced when sent) and other services' notices (sent as they
 * are, in order), with when the oldest arrived and how the last attempts went.
 *
 * @param firstAtMillis   arrival of the oldest pending entry
 * @param failures        failed attempts in a row of the message at the head (a notice, or the batch)
 * @param nextAttemptAt   no attempt before this (backoff)
 * @param batch           the member states of the message whose call has started and is not yet known sent (empty:
 *                        none), each member at one version. Kept with the room, in the same transaction as the start,
 *                        so that a retry, and a resend after a crash or a task's move, is the very same message: the
 *                        same content and so the same Tencent {@code Random}, which Tencent delivers once. Absent in
 *                        records stored before it existed (read as empty).
 */
public record PendingRoom(long app, String room, List<MemberNotice> states, List<OutgoingNotice> notices,
                          long firstAtMillis, int failures, long nextAttemptAt, List<MemberNotice> batch) {

    public PendingRoom {
        batch = batch == null ? List.of() : batch;
    }

    /** Another service's notice, as it will be sent. */
    public record OutgoingNotice(String id, boolean toRoom, List<String> users, String kind, String body, String priority,
                                 long createdAtMillis) {
    }

    public static PendingRoom empty(long app, String room, long nowMillis) {
        return new PendingRoom(app, room, new ArrayList<>(), new ArrayList<>(), nowMillis, 0, 0, List.of());
    }

    public boolean isEmpty() {
        return states.isEmpty() && notices.isEmpty() && batch.isEmpty();
    }

    /** The same room with these entries and attempts; the batch stays. */
    public PendingRoom with(List<MemberNotice> states, List<OutgoingNotice> notices, int failures, long nextAttemptAt) {
        return new PendingRoom(app, room, states, notices, firstAtMillis, failures, nextAttemptAt, batch).firstKept();
    }

    /** The same room with {@code batch} in flight (or none, when empty) and {@code states} left waiting. */
    public PendingRoom withBatch(List<MemberNotice> batch, List<MemberNotice> states, int failures, long nextAttemptAt) {
        return new PendingRoom(app, room, states, notices, firstAtMillis, failures, nextAttemptAt, batch).firstKept();
    }

    private PendingRoom firstKept() {
        return isEmpty() && firstAtMillis != 0
                ? new PendingRoom(app, room, states, notices, 0, failures, nextAttemptAt, batch) : this;
    }
}
