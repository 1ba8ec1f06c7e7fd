package io.roomsync.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults, per API command (or {@code *} for all): a share of calls answered with an error code, a share that
 * never get an answer in time (applied first, answered after {@code timeoutMillis}: the worst case for doubling), a
 * share whose connection is closed unanswered, and extra latency for every call; optionally only for the calls of one
 * group (its {@code GroupId}), so one room fails while the others do not.
 */
final class Faults {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * @param errorCode          code to answer with (0: none)
     * @param errorPercent       share of calls answered with it
     * @param timeoutPercent     share of calls applied but answered only after {@code timeoutMillis}
     * @param timeoutMillis      the delay of those (longer than the client waits)
     * @param dropPercent        share of calls whose connection is closed with no answer (not applied)
     * @param latencyMillis      added to every call
     * @param groupId            only calls whose body's {@code GroupId} is this one (null: every call)
     */
    record Fault(int errorCode, int errorPercent, int timeoutPercent, long timeoutMillis, int dropPercent,
                 long latencyMillis, String groupId) {
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

    /** The fault for a call of {@code api} with this request body, if one applies to it. */
    Fault of(String api, byte[] body) {
        Fault fault = byApi.get(api);
        fault = fault != null ? fault : byApi.get("*");
        if (fault == null || fault.groupId() == null) {
            return fault;
        }
        try {
            return fault.groupId().equals(JSON.readTree(body).path("GroupId").asText(null)) ? fault : null;
        } catch (java.io.IOException e) {
            return null;
        }
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
