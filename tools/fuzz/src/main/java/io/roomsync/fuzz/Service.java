package io.roomsync.fuzz;

/** The roomsync services the fuzzer sends requests to, each with the error body shape its HTTP port documents. */
public enum Service {
    /** The callback edge: Tencent's reply shape on {@code /tencent-im/callback} (README, "Callback errors"). */
    INGEST("ingest"),
    /** role-sync's member API: {@code {"error":..}} on a 4xx (README, "HTTP API"). */
    ROLE_SYNC("role-sync"),
    /** moderation's policy API: {@code {"error":..}}, with {@code problems} for a refused policy (docs/moderation.md). */
    MODERATION("moderation"),
    /** notice-dispatch: no API of its own, but its port answers like the other services'. */
    NOTICE_DISPATCH("notice-dispatch");

    private final String id;

    Service(String id) {
        this.id = id;
    }

    /** The name the README and the local stack use. */
    public String id() {
        return id;
    }
}
