package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * How long role-sync keeps what it knows about callbacks (issue 14, case 7: state that never shrinks). Pure: the
 * stores' sweep asks, and deletes through the stores so their changelogs get tombstones.
 *
 * <p>A callback time ({@link CallbackOrder}) only refuses callbacks older than it. Tencent does not retry a callback
 * that was answered, and ingest publishes before it answers, so a callback reaches role-sync within seconds of its
 * {@code EventTime}, or, after an outage, within the time role-sync remembers applied ids ({@code dedupe-window},
 * 24 h by default). Past that horizon role-sync no longer recognises a repeated delivery either, so a callback time
 * (and a room's end time) older than {@code dedupe-window} can no longer matter and is forgotten.
 *
 * <p>A destroyed room ({@code Group.CallbackAfterGroupDestroyed}) leaves one entry behind: when it ended (its
 * {@code EventTime}). A callback of that room stamped before the end is a late callback of the old room, and changes
 * nothing; one stamped at or after the end is about a new room Tencent created with the same id. A destroy itself
 * can arrive late too (ingest's replicas publish concurrently): after the first callbacks of the room created again
 * with the same id. It then ends only the members of the old room ({@link #ofLaterRoom}).
 */
public final class StateRetention {

    private StateRetention() {
    }

    /**
     * Whether a callback stamped {@code eventTime} is a late one of a room that has since ended.
     *
     * @param eventTime the callback's EventTime, or null when it has none (never: nothing to compare)
     * @param roomEnded when the room last ended (the destroy callback's EventTime), if role-sync still knows
     */
    public static boolean beforeRoomEnd(Instant eventTime, Optional<Instant> roomEnded) {
        return eventTime != null && roomEnded.isPresent() && eventTime.isBefore(roomEnded.get());
    }

    /**
     * Whether a callback time (a member aspect's newest EventTime, or a room's end) no longer matters at {@code now}:
     * it is {@code window} or more in the past.
     *
     * @param eventTime the stored EventTime (Tencent's clock, epoch milliseconds)
     * @param now       role-sync's clock
     * @param window    the late-callback horizon: role-sync's {@code dedupe-window}
     */
    public static boolean outlived(Instant eventTime, Instant now, Duration window) {
        return !eventTime.plus(window).isAfter(now);
    }

    /**
     * Whether a member role-sync knows when a destroy stamped {@code endedAt} arrives belongs to a room created again
     * with the same id since, so the destroy must leave it alone: a callback stamped at or after the end was applied
     * to it (Tencent's clock on both sides), or its last change is a command whose Tencent call was planned at or
     * after the end (a command on an ended group fails with 10010, so one sent later was applied to the new group;
     * role-sync's clock against Tencent's, which only matters within their skew). The call's planning time, not the
     * state's {@code changedAt}: that is when the answer was applied, which can be after the end for a call Tencent
     * applied to the old room before it ended.
     *
     * @param state         the member's state
     * @param callbackTimes the newest callback EventTime applied to each aspect of the member (none, one or two)
     * @param callPlanned   when the call of the command that made {@code state} was planned, if role-sync still knows
     *                      (states made before it was kept: the state's {@code changedAt} stands in)
     * @param endedAt       the destroy's EventTime
     */
    public static boolean ofLaterRoom(MemberState state, Collection<Instant> callbackTimes, Optional<Instant> callPlanned,
                                      Instant endedAt) {
        return callbackTimes.stream().anyMatch(time -> !time.isBefore(endedAt))
                || (state.getCauseKind() == ChangeCause.COMMAND
                    && !callPlanned.orElse(state.getChangedAt()).isBefore(endedAt));
    }
}
