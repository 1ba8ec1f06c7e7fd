package io.roomsync.scenario;

import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.time.Duration;
import java.util.List;
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

    /**
     * The drills this one plays one after another, each struck, held and recovered before the next, while the scenario
     * goes on (the operators command as the first strikes, the audience chats until the last recovered); empty for a
     * single fault, whose {@link #strike}, {@link #hold} and {@link #recover} then apply.
     */
    default List<Drill> steps() {
        return List.of();
    }

    /** No fault: nothing to strike, hold or recover. */
    Drill NONE = new InTurn("no fault", List.of());

    /**
     * A drill on the processes of a local stack ({@code make run}), by name: {@code none}, {@code kill:SERVICE}
     * (SIGKILL, then start again), {@code kafka} (stop the broker, then start it), {@code kill:kafka},
     * {@code registry} ({@link #registryOutage}), {@code tencent[:PERCENT]} (default 20), or, with 2 or more replicas
     * ({@code REPLICAS=2 make run}), {@code kill-replicas} ({@link #killReplicas}) and {@code rolling}
     * ({@link #rollingRestart}).
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
        if (spec.equals(KILL_REPLICAS)) {
            return killReplicas(stack, replicasOf(stack, spec), Map.of(), down);
        }
        if (spec.equals(ROLLING)) {
            return rollingRestart(stack, replicasOf(stack, spec), Map.of());
        }
        if (spec.equals("tencent") || spec.startsWith("tencent:")) {
            int percent = spec.equals("tencent") ? 20 : Integer.parseInt(spec.substring("tencent:".length()));
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("tencent:PERCENT takes 1 to 100, not " + percent);
            }
            return tencentFaults(at, percent);
        }
        throw new IllegalArgumentException("unknown fault '" + spec + "': none, kill:SERVICE (" + String.join(", ",
                StackService.ids()) + "), kafka, kill:kafka, registry, tencent[:PERCENT], " + KILL_REPLICAS + " or " + ROLLING);
    }

    /** The name of {@link #killReplicas}'s drill. */
    String KILL_REPLICAS = "kill-replicas";
    /** The name of {@link #rollingRestart}'s drill. */
    String ROLLING = "rolling";
    /** The services of roomsync in the order the replica drills take them: the Kafka Streams services, then ingest. */
    List<StackService> IN_TURN = List.of(StackService.ROLE_SYNC, StackService.MODERATION, StackService.NOTICE_DISPATCH,
            StackService.INGEST);

    /** The replica count of {@code stack}, which a replica drill needs at 2 or more. */
    private static int replicasOf(LocalStack stack, String spec) {
        int replicas = stack.replicas();
        if (replicas < 2) {
            throw new IllegalArgumentException(spec + " needs 2 or more replicas of each service (REPLICAS=2 make run); "
                    + "this stack runs " + replicas);
        }
        return replicas;
    }

    /**
     * With {@code replicas} (2 or more) of each service: SIGKILL replica 1 of role-sync, moderation, notice-dispatch and
     * ingest in turn, each started again after {@code down} and ready (its stream threads running) before the next.
     * Replica 1 is the one clients try first, so the others must take over its Kafka Streams tasks and its callers:
     * the emulator's callbacks (the load balancer) and the operators' commands.
     *
     * @param envs each service's environment beyond the stack's (tests: state directories, settings); may lack some
     */
    static Drill killReplicas(LocalStack stack, int replicas, Map<StackService, Map<String, String>> envs, Duration down) {
        List<Drill> steps = IN_TURN.stream().<Drill>map(service -> kill(stack, new Instance(service, 1),
                envs.getOrDefault(service, Map.of()), down)).toList();
        return new InTurn("SIGKILL one of " + replicas + " replicas of role-sync, moderation, notice-dispatch and ingest in turn, "
                + down.toSeconds() + " s down each, started again and ready before the next", steps);
    }

    /**
     * A rolling restart, as a Kubernetes rollout does it: every replica of role-sync, moderation, notice-dispatch and
     * ingest, one at a time, stopped gracefully (SIGTERM), started again and ready before the next; the others serve
     * meanwhile.
     *
     * @param envs each service's environment beyond the stack's (tests: state directories, settings); may lack some
     */
    static Drill rollingRestart(LocalStack stack, int replicas, Map<StackService, Map<String, String>> envs) {
        List<Drill> steps = new java.util.ArrayList<>();
        for (StackService service : IN_TURN) {
            for (int replica = 1; replica <= replicas; replica++) {
                Instance instance = new Instance(service, replica);
                Map<String, String> env = envs.getOrDefault(service, Map.of());
                steps.add(new Outage("restart " + instance.name() + " (SIGTERM, then started again)",
                        () -> stack.stop(instance.name()), () -> stack.startService(instance, env), Duration.ZERO));
            }
        }
        return new InTurn("rolling restart of " + replicas + " replicas of role-sync, moderation, notice-dispatch and ingest, "
                + "one at a time, each ready before the next", steps);
    }

    /** SIGKILL one replica, as a crash would, and start it again after {@code down}. */
    static Drill kill(LocalStack stack, Instance instance, Map<String, String> env, Duration down) {
        return new Outage("SIGKILL " + instance.name() + ", " + down.toSeconds() + " s down, then started again",
                () -> stack.kill(instance.name()), () -> stack.startService(instance, env), down);
    }

    /** SIGKILL one service, as a crash would, and start it again after {@code down}. */
    static Drill kill(LocalStack stack, StackService service, Map<String, String> env, Duration down) {
        return kill(stack, Instance.first(service), env, down);
    }

    /** Stop the Kafka broker, and start it again after {@code down}. */
    static Drill brokerOutage(String how, Runnable stop, Runnable start, Duration down) {
        return new Outage(how + " the Kafka broker, " + down.toSeconds() + " s down, then started again", stop, start, down);
    }

    /**
     * Issue 14's registry drill: restart every roomsync service, each of its replicas in turn (stopped, started, each
     * waited for until ready), so
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
            environments.forEach((service, environment) -> stack.instances(service).forEach(instance -> {
                Http.call("POST", at.control("callbacks/drain"), "{}");
                stack.stop(instance.name());
                stack.startService(instance, environment);
            }));
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

    /** Drills played one after another ({@link #steps}); nothing of its own to strike or recover. */
    record InTurn(String describe, List<Drill> steps) implements Drill {
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
