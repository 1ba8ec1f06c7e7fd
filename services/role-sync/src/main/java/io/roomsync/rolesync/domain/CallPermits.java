package io.roomsync.rolesync.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The Tencent calls one step of {@link RoleSync#startCalls} may plan without waiting in the client's rate limiter
 * (Tencent's 200 calls/s per API and app, paced at this process's share). Each call planned takes a {@link Permit}
 * booked for it there and then, so the planners of every task (one per stream thread, planning at the same moments)
 * never count on the same permit, and a planned call never waits in the limiter beyond the step's horizon. Rooms get
 * permits in the order they became ready to send, across the tasks ({@link PermitTurns}). A room whose
 * call would only queue there is not planned: its commands stay queued, its next call grows with the commands that keep
 * arriving, and it is planned at a later step, before the rooms that became ready after it. Built for one step and
 * asked on the stream thread only ({@link PermissionGateway#permitsWithin}).
 */
@FunctionalInterface
public interface CallPermits {

    /**
     * A rate-limiter permit booked for one call when it was planned, handed with the call to
     * {@link PermissionGateway#apply}, whose first Tencent request takes it. One whose call is not started lapses.
     */
    interface Permit {

        /** None booked: the gateway books one as it calls (and the call may wait for it). */
        Permit AT_CALL = new Permit() {
            @Override
            public String toString() {
                return "Permit.AT_CALL";
            }
        };
    }

    /** Every call may start now: no limiter to wait for (a gateway without one, tests of other decisions). */
    CallPermits UNLIMITED = (sdkAppId, action, roomKey, readySince) -> Optional.of(Permit.AT_CALL);

    /**
     * Books a permit for {@code roomKey}'s call of {@code action} for app {@code sdkAppId}, due now or within the
     * step's horizon, if no other task's room that became ready before this task's oldest waiting room still waits for
     * one of the permits free ({@link PermitTurns}).
     *
     * @param readySince when the room became ready to send that call (role-sync's clock)
     * @return the permit, booked (nobody else gets it); empty: the call would queue behind calls already booked, or the
     *         free permits are left for rooms that waited longer, and the room waits (nothing booked)
     */
    Optional<Permit> take(long sdkAppId, CommandRules.TencentAction action, String roomKey, Instant readySince);

    /**
     * {@code roomKey} still waits for a permit for its call of {@code action}, ready since {@code readySince}, but the
     * step passed it over (that budget was already spent in this step): its turn is kept. Nothing by default.
     */
    default void waits(long sdkAppId, CommandRules.TencentAction action, String roomKey, Instant readySince) {
    }

    /**
     * {@code roomKey} no longer waits for a permit for a call of {@code action} (it got one, its queue emptied, its
     * room ended, it is held back after a failure or waits for a call slot, or its next call asks another API): its
     * turn is withdrawn, so it holds no other task's rooms back. Nothing by default.
     */
    default void leaves(long sdkAppId, CommandRules.TencentAction action, String roomKey) {
    }
}
