package io.roomsync.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole local system as processes: Kafka, the registry, and the roomsync services in start order, each service in
 * one or more replicas ({@link Instance}; the emulator stands for Tencent and always runs once). State lives in a run
 * directory (data, logs, pid files, the replica count), so {@code up} in one JVM and {@code down} in another act on
 * the same processes, and a fault harness can kill and restart any one of them.
 */
public final class LocalStack {

    /** Ports and places; the defaults are those of the architecture (section 6). */
    public record Layout(Path root, Path stackHome, Path runDir, int kafkaPort, int kafkaControllerPort,
                         int registryPort, int registryManagementPort, Map<StackService, Integer> servicePorts) {

        public static Layout defaults(Path root) {
            Map<StackService, Integer> ports = new LinkedHashMap<>();
            for (StackService service : StackService.values()) {
                ports.put(service, service.defaultPort());
            }
            return new Layout(root, root.resolve("libs/process-stack/target/stack"), root.resolve(".run"),
                    9092, 9093, 8088, 8089, ports);
        }

        public int port(StackService service) {
            return servicePorts.getOrDefault(service, service.defaultPort());
        }

        public String bootstrapServers() {
            return "127.0.0.1:" + kafkaPort;
        }

        public String registryApiUrl() {
            return "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
        }

        Path pidFile(String name) {
            return runDir.resolve("pids").resolve(name + ".pid");
        }

        Path logFile(String name) {
            return runDir.resolve("logs").resolve(name + ".log");
        }

        Path replicasFile() {
            return runDir.resolve("replicas");
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Directories of the run directory that {@link #down} empties: service jar copies, the services' temporary files. */
    private static final String JARS = "jars";
    private static final String TMP = "tmp";

    private final Layout layout;
    /** Ports given to instances beyond the layout's rule (tests on free ports). */
    private final Map<Instance, Integer> placedPorts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Management ports chosen for instances on a test's ports. */
    private final Map<Instance, Integer> managementPorts = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalStack(Layout layout) {
        this.layout = layout;
    }

    /** Runs {@code instance} on {@code port} instead of its replica's port (for tests, which take free ports). */
    public LocalStack placing(Instance instance, int port) {
        placedPorts.put(instance, port);
        return this;
    }

    /** The port {@code instance} listens on: its replica's port ({@link Instance#port}) unless placed elsewhere. */
    public int port(Instance instance) {
        return placedPorts.getOrDefault(instance, instance.port(layout.port(instance.service())));
    }

    /**
     * The port of {@code instance}'s health and metrics (README, "Security"): with the default ports, the service's
     * management port with its replica's step (role-sync 9081, 9181, ...); for an instance on a port of a test's own,
     * a free port chosen once; the emulator's own port for it.
     */
    public int managementPort(Instance instance) {
        StackService service = instance.service();
        if (!service.hasManagementPort()) {
            return port(instance);
        }
        if (!placedPorts.containsKey(instance) && layout.port(service) == service.defaultPort()) {
            return instance.port(service.defaultManagementPort());
        }
        return managementPorts.computeIfAbsent(instance, ignored -> freePort());
    }

    /** Where {@code instance} answers health and metrics, as {@code http://127.0.0.1:PORT}. */
    public String managementUrl(Instance instance) {
        return "http://127.0.0.1:" + managementPort(instance);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code instance} answers HTTP, as {@code http://127.0.0.1:PORT}. */
    public String url(Instance instance) {
        return "http://127.0.0.1:" + port(instance);
    }

    /**
     * How many replicas of each service this run directory's stack runs (recorded by {@link #up}); 1 when nothing
     * was recorded. The emulator runs once whatever the count.
     */
    public int replicas() {
        try {
            Path file = layout.replicasFile();
            return Files.isRegularFile(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
        } catch (IOException | NumberFormatException e) {
            return 1;
        }
    }

    /** Every replica of {@code service} the stack runs, replica 1 first; the emulator's single instance for it. */
    public List<Instance> instances(StackService service) {
        int count = service == StackService.TIM_EMULATOR ? 1 : replicas();
        List<Instance> instances = new ArrayList<>();
        for (int replica = 1; replica <= count; replica++) {
            instances.add(new Instance(service, replica));
        }
        return instances;
    }

    public Layout layout() {
        return layout;
    }

    /** Starts Kafka and the registry if they are not running, then each service in order; returns what runs. */
    public List<String> up(List<StackService> services, Map<String, String> extraEnv) {
        return up(services, OptionalInt.empty(), extraEnv);
    }

    /**
     * As {@link #up(List, Map)}, with {@code replicas} of each service (the emulator once); empty keeps the count of
     * the stack already running, else 1. The count is recorded in the run directory for {@code status}, {@code down}
     * and the drills.
     *
     * @throws IllegalStateException if something runs with another count (the emulator's callback targets would be
     *                               wrong): stop first
     */
    public List<String> up(List<StackService> services, OptionalInt replicas, Map<String, String> extraEnv) {
        int recorded = replicas();
        int count = replicas.orElse(anythingRuns() ? recorded : 1);
        if (count < 1 || count > Instance.MAX_REPLICAS) {
            throw new IllegalArgumentException("REPLICAS must be 1 to " + Instance.MAX_REPLICAS + ", not " + count);
        }
        if (count != recorded && anythingRuns()) {
            throw new IllegalStateException("the stack runs " + recorded + " replica(s) of each service; make stop first, then "
                    + "REPLICAS=" + count + " make run");
        }
        recordReplicas(count);
        List<String> lines = new ArrayList<>();
        lines.add(startKafka());
        lines.add(startRegistry());
        for (StackService service : services) {
            for (Instance instance : instances(service)) {
                lines.add(startService(instance, extraEnv));
            }
        }
        return lines;
    }

    private boolean anythingRuns() {
        return !runningInstances().isEmpty() || running("kafka").isPresent() || running("registry").isPresent();
    }

    private void recordReplicas(int count) {
        try {
            Files.createDirectories(layout.runDir());
            Files.writeString(layout.replicasFile(), count + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every service instance with a live process in this run directory, in start order, replicas in order. */
    public List<Instance> runningInstances() {
        List<Instance> instances = new ArrayList<>();
        for (StackService service : StackService.values()) {
            for (int replica = 1; replica <= Instance.MAX_REPLICAS; replica++) {
                Instance instance = new Instance(service, replica);
                if (running(instance.name()).isPresent()) {
                    instances.add(instance);
                }
            }
        }
        return instances;
    }

    public String startKafka() {
        Optional<ManagedProcess> running = running("kafka");
        if (running.isEmpty()) {
            KafkaBroker broker = KafkaBroker.start(new KafkaBroker.Config(layout.stackHome().resolve("kafka-libs"),
                    layout.runDir().resolve("kafka"), layout.kafkaPort(), layout.kafkaControllerPort(),
                    layout.logFile("kafka"), "512m"), START_TIMEOUT);
            broker.process().writePidFile(layout.pidFile("kafka"));
        }
        return describe("kafka", "bootstrap " + layout.bootstrapServers());
    }

    public String startRegistry() {
        if (running("registry").isEmpty()) {
            SchemaRegistry registry = SchemaRegistry.start(new SchemaRegistry.Config(layout.stackHome().resolve("apicurio"),
                    layout.registryPort(), layout.registryManagementPort(), layout.logFile("registry"),
                    layout.runDir().resolve("registry/registry-db"), "384m"), START_TIMEOUT);
            registry.process().writePidFile(layout.pidFile("registry"));
        }
        return describe("registry", "http://127.0.0.1:" + layout.registryPort() + " (API " + layout.registryApiUrl() + ")");
    }

    /** Starts replica 1 of {@code service}; see {@link #startService(Instance, Map)}. */
    public String startService(StackService service, Map<String, String> extraEnv) {
        return startService(Instance.first(service), extraEnv);
    }

    /**
     * Starts {@code instance} unless it runs, and waits until its readiness answers 200 (Kafka Streams services: their
     * stream threads running, so after a rebalance too); {@code extraEnv} overrides the stack's environment, its state
     * directories made the instance's own ({@link Instance#ownStateDirectories}), and its Kafka Streams hand-over
     * settings ({@link Instance#streamsHandover}: its name as static member, standbys with 2+ replicas unless the
     * environment's {@code ROOMSYNC_STREAMS_STANDBY_REPLICAS} chose). Returns its status line.
     */
    public String startService(Instance instance, Map<String, String> extraEnv) {
        StackService service = instance.service();
        int port = port(instance);
        if (running(instance.name()).isEmpty()) {
            Path built = service.jar(layout.root());
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException(built + " is missing; build first (make build)");
            }
            Path jar = runCopy(service, built);
            Path tmp = tmpDir(instance);
            Map<String, String> env = new LinkedHashMap<>(serviceEnvironment(port));
            env.putAll(instance.streamsHandover(replicas(),
                    java.util.Optional.ofNullable(System.getenv("ROOMSYNC_STREAMS_STANDBY_REPLICAS"))));
            if (service.hasManagementPort()) {
                env.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort(instance)));
                // On the loopback interface, as the API (the dev profile's server.address): health details open to
                // any dev token, whose key is public, must not reach the network.
                env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
            }
            env.putAll(extraEnv);
            ManagedProcess process = ManagedProcess.start(instance.name(),
                    List.of(Java.binary(), "-Xmx512m", "-Djava.io.tmpdir=" + tmp, "-jar", jar.toAbsolutePath().toString()),
                    instance.ownStateDirectories(env), layout.root(), layout.logFile(instance.name()));
            process.writePidFile(layout.pidFile(instance.name()));
            process.awaitReady(Readiness.httpOk(service.readinessUrl(managementPort(instance))), START_TIMEOUT);
        }
        return describe(instance.name(), address(instance));
    }

    /** The name of the operator console's process (pid file, log). */
    public static final String CONSOLE = "console";

    /**
     * Serves the operator console ({@code clients/console}, {@link ConsoleServer}) on {@code port} unless it runs,
     * pointing it at replica 1 of role-sync and of moderation, and waits until it answers. The services must allow its
     * origin ({@code roomsync.api.cors.allowed-origins}; the dev profile allows port {@link ConsoleServer#DEFAULT_PORT}).
     * Returns its status line.
     */
    public String startConsole(int port) {
        if (running(CONSOLE).isEmpty()) {
            String classes;
            try {
                classes = Path.of(ConsoleServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            ManagedProcess process = ManagedProcess.start(CONSOLE, List.of(Java.binary(), "-Xmx64m", "-cp", classes,
                            ConsoleServer.class.getName(), layout.root().resolve("clients/console").toString(),
                            Integer.toString(port), url(Instance.first(StackService.ROLE_SYNC)),
                            url(Instance.first(StackService.MODERATION))),
                    Map.of(), layout.root(), layout.logFile(CONSOLE));
            process.writePidFile(layout.pidFile(CONSOLE));
            process.awaitReady(Readiness.httpOk(consoleUrl(port) + "config.json"), START_TIMEOUT);
        }
        return describe(CONSOLE, consoleUrl(port));
    }

    /** Where the console on {@code port} is, as {@code http://127.0.0.1:PORT/}. */
    public static String consoleUrl(int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    /**
     * The jar a service runs from: a copy in the run directory's {@code jars/}, one per service and build (named by the
     * built jar's size and modification time), shared by its replicas and its restarts. A Spring Boot jar is read while
     * the service runs, and a build (say {@code make test} beside {@code make run}) rewrites target/; the copy keeps
     * running services whole. A copy is never rewritten (a new build gets a new name) and appears whole or not at all
     * (written beside, then moved), so replicas started at once, from one JVM or several, share it safely.
     * {@link #down} removes the copies: a service jar is 80-160 MB, and test runs start dozens of stacks.
     */
    Path runCopy(StackService service, Path built) {
        try {
            Path jars = Files.createDirectories(layout.runDir().resolve(JARS));
            Path copy = jars.resolve(service.id() + "-" + Files.size(built) + "-"
                    + Files.getLastModifiedTime(built).toMillis() + ".jar");
            if (!Files.isRegularFile(copy)) {
                Path partial = Files.createTempFile(jars, service.id(), ".partial");
                try {
                    Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The instance's {@code java.io.tmpdir}, in the run directory: what a JVM leaves in its temporary directory when it
     * is killed (RocksDB's native library, 14 MB per start; Tomcat's work directories) goes with {@link #down}, not into
     * the machine's /tmp for good.
     */
    Path tmpDir(Instance instance) {
        try {
            return Files.createDirectories(layout.runDir().resolve(TMP).resolve(instance.name())).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration every service gets in the local stack: the dev profile and where Kafka and the registry are. */
    public Map<String, String> serviceEnvironment(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "dev");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS", layout.bootstrapServers());
        env.put("ROOMSYNC_REGISTRY_URL", layout.registryApiUrl());
        env.put("ROOMSYNC_IM_DOMAIN", "http://127.0.0.1:" + layout.port(StackService.TIM_EMULATOR));
        // Tencent calls one URL; with several ingest replicas the emulator spreads callbacks over them, standing in for
        // the load balancer before ingest.
        env.put("ROOMSYNC_EMULATOR_CALLBACK_URL", String.join(",", instances(StackService.INGEST).stream()
                .map(ingest -> url(ingest) + "/tencent-im/callback").toList()));
        // Kafka Streams keeps local state; in the run directory it survives restarts and make clean removes it.
        env.put("ROOMSYNC_ROLE_SYNC_STATE_DIR", layout.runDir().resolve("state/role-sync").toString());
        env.put("ROOMSYNC_NOTICES_STATE_DIR", layout.runDir().resolve("state/notice-dispatch").toString());
        env.put("ROOMSYNC_MODERATION_STATE_DIR", layout.runDir().resolve("state/moderation").toString());
        return env;
    }

    /** Stops what this run directory records, services (every replica) first, Kafka last; returns what was stopped. */
    public List<String> down() {
        List<String> names = new ArrayList<>();
        for (StackService service : StackService.values()) {
            for (int replica = 1; replica <= Instance.MAX_REPLICAS; replica++) {
                names.add(new Instance(service, replica).name());
            }
        }
        names.add(CONSOLE);
        Collections.reverse(names);
        names.add("registry");
        names.add("kafka");
        List<String> stopped = new ArrayList<>();
        for (String name : names) {
            Optional<ManagedProcess> process = running(name);
            if (process.isPresent()) {
                process.get().stop(Duration.ofSeconds(30));
                stopped.add(name + " (pid " + process.get().pid() + ")");
            }
            deleteQuietly(layout.pidFile(name));
        }
        deleteQuietly(layout.replicasFile());
        // Nothing of this run directory runs any more: its jar copies and temporary directories can go.
        deleteTree(layout.runDir().resolve(JARS));
        deleteTree(layout.runDir().resolve(TMP));
        return stopped;
    }

    /** SIGKILL one component, as a crash would. */
    public void kill(String name) {
        running(name).orElseThrow(() -> new IllegalStateException(name + " is not running")).kill();
        deleteQuietly(layout.pidFile(name));
    }

    /** SIGTERM one component and wait for it to exit. */
    public void stop(String name) {
        running(name).ifPresent(process -> process.stop(Duration.ofSeconds(30)));
        deleteQuietly(layout.pidFile(name));
    }

    public Optional<ManagedProcess> running(String name) {
        return ManagedProcess.fromPidFile(name, layout.pidFile(name), layout.logFile(name));
    }

    public List<String> status() {
        List<String> lines = new ArrayList<>();
        lines.add(describe("kafka", "bootstrap " + layout.bootstrapServers()));
        lines.add(describe("registry", "http://127.0.0.1:" + layout.registryPort()));
        for (StackService service : StackService.values()) {
            for (Instance instance : instances(service)) {
                lines.add(describe(instance.name(), address(instance)));
            }
        }
        if (running(CONSOLE).isPresent()) {
            lines.add(describe(CONSOLE, consoleUrl(ConsoleServer.DEFAULT_PORT)));
        }
        return lines;
    }

    /** The instance's URL, and its management port where it has one. */
    private String address(Instance instance) {
        return url(instance) + (instance.service().hasManagementPort() ? " (health :" + managementPort(instance) + ")" : "");
    }

    private String describe(String name, String address) {
        return running(name)
                .map(p -> String.format("%-16s %-48s pid %-8d log %s", name, address, p.pid(), layout.root().relativize(p.logFile().toAbsolutePath())))
                .orElse(String.format("%-16s %s", name, "not running"));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
