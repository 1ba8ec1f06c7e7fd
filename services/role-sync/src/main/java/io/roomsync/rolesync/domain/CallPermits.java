package io.roomsync.rolesync.domain;

/**
 * The Tencent calls one step of {@link RoleSync#startCalls} may start without waiting in the client's rate limiter
 * (Tencent's 200 calls/s per API and app, paced at this process's share). A room whose call would only queue there
 * is not planned: its commands stay queued, its next call grows with the commands that keep arriving, and it is
 * planned at a later step, before the rooms that became ready after it. Built for one step and asked on the stream
 * thread only ({@link PermissionGateway#permitsWithin}).
 */
@FunctionalInterface
public interface CallPermits {

    /** Every call may start now: no limiter to wait for (a gateway without one, tests of other decisions). */
    CallPermits UNLIMITED = (sdkAppId, action) -> true;

    /**
     * Takes one of this step's permits for a call of {@code action} for app {@code sdkAppId}.
     *
     * @return true: the call gets its permit now or within the step's horizon; false: it would queue behind calls
     *         already booked, and the room waits
     */
    boolean take(long sdkAppId, CommandRules.TencentAction action);
}
