package io.roomsync.scenario;

import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.time.Duration;
import java.util.Map;

/**
 * A fault played during a scenario. An outage comes in its middle: after the audience joined and chatted, while the
 * effects of both are still in flight (presence, moderation's mutes, their notices), and before the operators'
 * commands; the audience keeps chatting while it lasts. A lasting fault (Tencent failing a share of calls) covers the
 * whole scenario and its settling.
 */
public interface Drill {

    /** For the narrative. */
    String describe();

    /** Breaks something. */
    void strike();

    /** How long the fault lasts before {@link #recover} (the audience keeps chatting meanwhile). */
    Duration hold();

    /** Repairs it, and waits until the repaired part serves again. */
    void recover();

    /**
     * When true, the whole scenario plays under the fault (struck before the rooms open) and the system must converge
     * under it too; {@link #recover} comes after the convergence check, and {@link #hold} does not apply.
     */
    default boolean lastsToTheEnd() {
        return false;
    }

    /** No fault. */
    Drill NONE = new Drill() {
        @Override
        public String describe() {
            return "no fault";
        }

        @Override
        public void strike() {
        }

        @Override
        public Duration hold() {
            return Duration.ZERO;
        }

        @Override
        public void recover() {
        }
    };

    /**
     * A drill on the processes of a local stack ({@code make run}), by name: {@code none}, {@code kill:SERVICE}
     * (SIGKILL, then start again), {@code kafka} (stop the broker, then start it), {@code kill:kafka},
     * {@code registry} ({@link #registryOutage}), or {@code tencent[:PERCENT]} (default 20).
     */
    static Drill named(String spec, LocalStack stack, Endpoints at, Duration down) {
        if (spec.equals("none")) {
            return NONE;
        }
        if (spec.equals("kafka")) {
            return brokerOutage("stop", () -> stack.stop("kafka"), stack::startKafka, down);
        }
        if (spec.equals("kill:kafka")) {
            return brokerOutage("SIGKILL", () -> stack.kill("kafka"), stack::startKafka, down);
        }
        if (spec.startsWith("kill:")) {
            return kill(stack, StackService.byId(spec.substring("kill:".length())), Map.of(), down);
        }
        if (spec.equals("registry")) {
            Map<StackService, Map<String, String>> environments = new java.util.EnumMap<>(StackService.class);
            for (StackService service : StackService.values()) {
                if (service != StackService.TIM_EMULATOR) {
                    environments.put(service, Map.of());
                }
            }
            return registryOutage(stack, at, environments, () -> stack.stop("registry"), stack::startRegistry, down);
        }
        if (spec.equals("tencent") || spec.startsWith("tencent:")) {
            int percent = spec.equals("tencent") ? 20 : Integer.parseInt(spec.substring("tencent:".length()));
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("tencent:PERCENT takes 1 to 100, not " + percent);
            }
            return tencentFaults(at, percent);
        }
        throw new IllegalArgumentException("unknown fault '" + spec + "': none, kill:SERVICE (" + String.join(", ",
                StackService.ids()) + "), kafka, kill:kafka, registry or tencent[:PERCENT]");
    }

    /** SIGKILL one service, as a crash would, and start it again after {@code down}. */
    static Drill kill(LocalStack stack, StackService service, Map<String, String> env, Duration down) {
        return new Outage("SIGKILL " + service.id() + ", " + down.toSeconds() + " s down, then started again",
                () -> stack.kill(service.id()), () -> stack.startService(service, env), down);
    }

    /** Stop the Kafka broker, and start it again after {@code down}. */
    static Drill brokerOutage(String how, Runnable stop, Runnable start, Duration down) {
        return new Outage(how + " the Kafka broker, " + down.toSeconds() + " s down, then started again", stop, start, down);
    }

    /**
     * Issue 14's registry drill: restart every roomsync service (stopped, started, each waited for until ready), so
     * that none has a schema cached, then stop the schema registry and start it again after {@code down} (the CLI's
     * {@code --down}; the drill is 20 s). Records read meanwhile must wait, not be dead-lettered.
     *
     * <p>Before each service stops, the emulator's queue of After-callbacks is drained: Tencent does not send a callback
     * again, so one sent while ingest restarts is lost to everybody (the scenario's flood, just before, would then go
     * unpunished), and that is not what this drill is about.
     *
     * @param environments the services to restart, in this order, each with its extra environment
     * @param stop         stops the registry ({@code make run}'s: SIGTERM by its pid file)
     * @param start        starts it again with the same schemas, and waits until it answers
     */
    static Drill registryOutage(LocalStack stack, Endpoints at, Map<StackService, Map<String, String>> environments,
                                Runnable stop, Runnable start, Duration down) {
        return new Outage("every service restarted (no schema cached), then the schema registry stopped, "
                + down.toSeconds() + " s down, then started again", () -> {
            environments.forEach((service, environment) -> {
                Http.call("POST", at.control("callbacks/drain"), "{}");
                stack.stop(service.id());
                stack.startService(service, environment);
            });
            stop.run();
        }, start, down);
    }

    /**
     * Tencent fails {@code percent} of all REST calls from then on, half of them with error 10002 (a server error
     * worth retrying), half by answering only after the caller stopped waiting (applied, but unacknowledged: the
     * worst case for doubling); faults stay on until the convergence check is done.
     */
    static Drill tencentFaults(Endpoints at, int percent) {
        return new Drill() {
            @Override
            public String describe() {
                return "Tencent fails " + percent + "% of REST calls (" + (percent / 2) + "% error 10002, "
                        + (percent - percent / 2) + "% answered after the caller's timeout) until the system has converged";
            }

            @Override
            public void strike() {
                Http.call("PUT", at.control("faults/*"), Map.of("errorCode", 10002, "errorPercent", percent / 2,
                        "timeoutPercent", percent - percent / 2, "timeoutMillis", 6000));
            }

            @Override
            public Duration hold() {
                return Duration.ZERO;
            }

            @Override
            public void recover() {
                Http.call("DELETE", at.control("faults"), null);
            }

            @Override
            public boolean lastsToTheEnd() {
                return true;
            }
        };
    }

    /** A part taken away and brought back. */
    record Outage(String describe, Runnable stop, Runnable start, Duration hold) implements Drill {
        @Override
        public void strike() {
            stop.run();
        }

        @Override
        public void recover() {
            start.run();
        }
    }
}
