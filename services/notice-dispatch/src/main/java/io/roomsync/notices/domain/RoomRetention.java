package io.roomsync.notices.domain;

import java.time.Duration;

/**
 * What notice-dispatch keeps about a room's members, and for how long (issue 14, case 7: state that never shrinks).
 *
 * <p>A member's notified version only keeps a replayed older state from going out again (a member's states reach
 * notice-dispatch in version order, exactly once; clients ignore a version they hold anyway). It matters while the
 * member is notable (admin, owner, muted or banned: the room snapshot and the next change compare against it) or has
 * a change waiting to go out; a plain member with nothing waiting needs none, and the next change of that member is
 * sent whatever its version. So the notified versions of members who left, or were unmuted and never changed again,
 * go at the next sweep instead of staying forever.
 *
 * <p>A destroyed room's members come as tombstones (after their cleared states): each is forgotten at once, and the
 * room's snapshot number with the last of them, so a room created again with the same id starts clean.
 */
public final class RoomRetention {

    private RoomRetention() {
    }

    /**
     * Whether a member's notified version is still needed.
     *
     * @param notable whether notice-dispatch keeps the member as notable (admin, owner, muted or banned)
     * @param waiting whether a change of the member waits to go out
     */
    public static boolean keepNotified(boolean notable, boolean waiting) {
        return notable || waiting;
    }

    /**
     * Whether a room's last snapshot time (kept in memory to space its snapshots {@code interval} apart) no longer
     * holds a snapshot back at {@code nowMillis}, and can be dropped.
     */
    public static boolean snapshotTimeOutlived(long lastMillis, long nowMillis, Duration interval) {
        return nowMillis - lastMillis >= interval.toMillis();
    }
}
