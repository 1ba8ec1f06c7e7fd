package io.roomsync.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running copy of a service: replica 1 is the service as {@code make run} always ran it (its name, port, log, pid
 * file and state directory unchanged); replica k (2 to {@link #MAX_REPLICAS}) is named {@code SERVICE-k}, listens on
 * the service's port + {@link #PORT_STEP} × (k - 1) (role-sync 8081, 8181, 8281, …) and keeps its Kafka Streams state
 * in a directory of its own, as each pod of a Kubernetes deployment does.
 *
 * @param service the service
 * @param replica 1 to {@link #MAX_REPLICAS}
 */
public record Instance(StackService service, int replica) {

    /** Most replicas a service runs locally: replica 9 of ingest takes 8880, below the next hundred. */
    public static final int MAX_REPLICAS = 9;
    /** Port distance between replicas: clear of Kafka's 9092/9093, the registry's 8088/8089 and the emulator's 8090. */
    public static final int PORT_STEP = 100;
    private static final Pattern NAMED_REPLICA = Pattern.compile("(.+)-([0-9])");

    public Instance {
        if (replica < 1 || replica > MAX_REPLICAS) {
            throw new IllegalArgumentException("replica " + replica + " of " + service.id() + ": replicas are 1 to " + MAX_REPLICAS);
        }
    }

    /** Replica 1 of {@code service}. */
    public static Instance first(StackService service) {
        return new Instance(service, 1);
    }

    /** {@code ingest} (replica 1) or {@code ingest-2}: the name of its pid file, log and run copy of the jar. */
    public String name() {
        return replica == 1 ? service.id() : service.id() + "-" + replica;
    }

    /** This replica's port when replica 1 listens on {@code firstPort}. */
    public int port(int firstPort) {
        return firstPort + PORT_STEP * (replica - 1);
    }

    /**
     * The environment as given, with every {@code *_STATE_DIR} made this replica's own: replica k ≥ 2 gets the
     * directory with {@code -k} appended, so two replicas never share Kafka Streams state (which Streams refuses, or
     * worse, corrupts).
     */
    public Map<String, String> ownStateDirectories(Map<String, String> env) {
        Map<String, String> own = new LinkedHashMap<>(env);
        if (replica > 1) {
            own.replaceAll((key, value) -> key.endsWith("_STATE_DIR") ? value + "-" + replica : value);
        }
        return own;
    }

    /**
     * This replica's Kafka Streams hand-over settings (README, "Kubernetes: pod failures and rolling restarts"), as a
     * Kubernetes StatefulSet's pod gets them: its name as its static group membership
     * ({@code ROOMSYNC_STREAMS_INSTANCE_ID}), and a standby of each task wherever 2 or more replicas run
     * ({@code ROOMSYNC_STREAMS_STANDBY_REPLICAS} 1, else 0) unless the operator chose a count.
     *
     * @param replicas       how many replicas of each service the stack runs
     * @param chosenStandbys the operator's {@code ROOMSYNC_STREAMS_STANDBY_REPLICAS} (say 0, to measure without), if any
     */
    public Map<String, String> streamsHandover(int replicas, java.util.Optional<String> chosenStandbys) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROOMSYNC_STREAMS_INSTANCE_ID", name());
        env.put("ROOMSYNC_STREAMS_STANDBY_REPLICAS", chosenStandbys.filter(chosen -> !chosen.isBlank())
                .orElse(replicas >= 2 ? "1" : "0"));
        return env;
    }

    /**
     * The instance {@code name} denotes: a service id ({@code role-sync}, replica 1) or a service id and a replica
     * ({@code role-sync-2}).
     *
     * @throws IllegalArgumentException if it names no service
     */
    public static Instance parse(String name) {
        Matcher numbered = NAMED_REPLICA.matcher(name);
        if (numbered.matches() && StackService.ids().contains(numbered.group(1))) {
            return new Instance(StackService.byId(numbered.group(1)), Integer.parseInt(numbered.group(2)));
        }
        return first(StackService.byId(name));
    }

    @Override
    public String toString() {
        return name();
    }
}
