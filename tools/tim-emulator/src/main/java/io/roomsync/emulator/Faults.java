package io.roomsync.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults, per API command (or {@code *} for all), for every room or one ({@code groupId}): a share of calls
 * answered with an error code, a share that never get an answer in time (applied first, answered after
 * {@code timeoutMillis}: the worst case for doubling), a share whose connection is closed unanswered, and extra latency
 * for every call.
 */
final class Faults {

    /**
     * @param errorCode          code to answer with (0: none)
     * @param errorPercent       share of calls answered with it
     * @param timeoutPercent     share of calls applied but answered only after {@code timeoutMillis}
     * @param timeoutMillis      the delay of those (longer than the client waits)
     * @param dropPercent        share of calls whose connection is closed with no answer (not applied)
     * @param latencyMillis      added to every call
     * @param groupId            the only room (the call's GroupId) the fault applies to; null: every call
     */
    record Fault(int errorCode, int errorPercent, int timeoutPercent, long timeoutMillis, int dropPercent,
                 long latencyMillis, String groupId) {

        /** Whether the fault applies to a call of this room ({@code groupId}: the call's GroupId, null if none). */
        boolean appliesTo(String callGroupId) {
            return groupId == null || groupId.equals(callGroupId);
        }
    }

    /** What to do with one call. */
    enum Action { NONE, ERROR, TIMEOUT, DROP }

    private final Map<String, Fault> byApi = new ConcurrentHashMap<>();

    void set(String api, Fault fault) {
        byApi.put(api, fault);
    }

    void clear() {
        byApi.clear();
    }

    Map<String, Fault> all() {
        return Map.copyOf(byApi);
    }

    Fault of(String api) {
        Fault fault = byApi.get(api);
        return fault != null ? fault : byApi.get("*");
    }

    static Action roll(Fault fault) {
        if (fault == null) {
            return Action.NONE;
        }
        int dice = ThreadLocalRandom.current().nextInt(100);
        if (dice < fault.dropPercent()) {
            return Action.DROP;
        }
        if (dice < fault.dropPercent() + fault.errorPercent()) {
            return Action.ERROR;
        }
        if (dice < fault.dropPercent() + fault.errorPercent() + fault.timeoutPercent()) {
            return Action.TIMEOUT;
        }
        return Action.NONE;
    }
}
