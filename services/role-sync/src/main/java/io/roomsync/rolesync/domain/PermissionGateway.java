package io.roomsync.rolesync.domain;

import java.util.List;

/** Where accepted commands are applied: Tencent, through its REST API. */
public interface PermissionGateway {

    /**
     * Applies {@code plan} to {@code members} of the room; returns the Tencent calls made (every batch and every retry of
     * the client counted), or throws {@link Refused}, whose {@link Refused#attempts()} counts the calls alike.
     */
    int apply(long sdkAppId, String room, List<String> members, CommandRules.Plan plan, String reason) throws Refused;

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
