package io.roomsync.rolesync.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Where accepted commands are applied: Tencent, through its REST API. */
public interface PermissionGateway {

    /**
     * Starts applying {@code call}'s action to its members, without waiting: its first Tencent request takes the
     * {@link Call#permit()} its planning booked. The future completes on the client's own threads with the Tencent
     * calls made (every batch and every retry of the client counted), or exceptionally with a {@link Refused}
     * (possibly wrapped in a {@link java.util.concurrent.CompletionException}), whose {@link Refused#attempts()}
     * counts the calls alike. A mute's or ban's length is {@link Call#seconds()} from now; a ban's Description at
     * Tencent is {@link Call#reason()}.
     */
    CompletableFuture<Integer> apply(Call call);

    /**
     * How many accounts one Tencent call of {@code action} takes at most (Tencent's per-call maxima: 500 for
     * {@code forbid_send_msg}, 20 for {@code ban_group_member} and {@code unban_group_member}, 5 for
     * {@code modify_admin}); a command naming more is sent by the client in several calls.
     */
    int accountsPerCall(CommandRules.TencentAction action);

    /**
     * The permits one step of {@link RoleSync#startCalls} by {@code planner} (a task), at {@code now}, books for the
     * calls it plans: per API and app, each due within {@code within} from now (the step's horizon: the next step
     * books what comes later), booked when taken, the planner whose room waited longest first: see
     * {@link CallPermits}. By default every call may start, with no permit booked.
     */
    default CallPermits permitsWithin(String planner, Instant now, Duration within) {
        return CallPermits.UNLIMITED;
    }

    /**
     * {@code planner}'s task closed: its rooms' turns for permits are withdrawn ({@link PermitTurns#forget}), as its
     * rooms are planned by their next owner, here or elsewhere. Nothing by default.
     */
    default void plannerClosed(String planner) {
    }

    /**
     * Tencent did not apply it: {@code permanent} when the request itself is wrong (a 6th admin, a missing room), or
     * failing still after every retry otherwise.
     */
    final class Refused extends Exception {
        private final int code;
        private final String info;
        private final int attempts;
        private final boolean permanent;

        public Refused(int code, String info, int attempts, boolean permanent) {
            super(code + ": " + info, null, false, false);
            this.code = code;
            this.info = info;
            this.attempts = attempts;
            this.permanent = permanent;
        }

        public int code() {
            return code;
        }

        public String info() {
            return info;
        }

        public int attempts() {
            return attempts;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
