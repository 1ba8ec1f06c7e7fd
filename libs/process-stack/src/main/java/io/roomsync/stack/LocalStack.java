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

/**
 * The whole local system as processes: Kafka, the registry, and the roomsync services in start order. State lives in
 * a run directory (data, logs, pid files), so {@code up} in one JVM and {@code down} in another act on the same
 * processes, and a fault harness can kill and restart any one of them.
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
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Layout layout;

    public LocalStack(Layout layout) {
        this.layout = layout;
    }

    public Layout layout() {
        return layout;
    }

    /** Starts Kafka and the registry if they are not running, then each service in order; returns what runs. */
    public List<String> up(List<StackService> services, Map<String, String> extraEnv) {
        List<String> lines = new ArrayList<>();
        lines.add(startKafka());
        lines.add(startRegistry());
        for (StackService service : services) {
            lines.add(startService(service, extraEnv));
        }
        return lines;
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

    public String startService(StackService service, Map<String, String> extraEnv) {
        int port = layout.port(service);
        if (running(service.id()).isEmpty()) {
            Path built = service.jar(layout.root());
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException(built + " is missing; build first (make build)");
            }
            Path jar = runCopy(service, built);
            Map<String, String> env = new LinkedHashMap<>(serviceEnvironment(port));
            env.putAll(extraEnv);
            ManagedProcess process = ManagedProcess.start(service.id(),
                    List.of(Java.binary(), "-Xmx512m", "-jar", jar.toAbsolutePath().toString()),
                    env, layout.root(), layout.logFile(service.id()));
            process.writePidFile(layout.pidFile(service.id()));
            process.awaitReady(Readiness.httpOk(service.readinessUrl(port)), START_TIMEOUT);
        }
        return describe(service.id(), "http://127.0.0.1:" + port);
    }

    /**
     * The jar a service runs from: a copy in the run directory. A Spring Boot jar is read while the service runs, and
     * a build (say {@code make test} beside {@code make run}) rewrites target/; the copy keeps running services whole.
     */
    private Path runCopy(StackService service, Path built) {
        try {
            Path copy = layout.runDir().resolve("jars").resolve(service.id() + ".jar");
            Files.createDirectories(copy.getParent());
            Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
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
        env.put("ROOMSYNC_EMULATOR_CALLBACK_URL", "http://127.0.0.1:" + layout.port(StackService.INGEST) + "/tencent-im/callback");
        // Kafka Streams keeps local state; in the run directory it survives restarts and make clean removes it.
        env.put("ROOMSYNC_ROLE_SYNC_STATE_DIR", layout.runDir().resolve("state/role-sync").toString());
        env.put("ROOMSYNC_NOTICES_STATE_DIR", layout.runDir().resolve("state/notice-dispatch").toString());
        env.put("ROOMSYNC_MODERATION_STATE_DIR", layout.runDir().resolve("state/moderation").toString());
        return env;
    }

    /** Stops what this run directory records, services first, Kafka last; returns what was stopped. */
    public List<String> down() {
        List<String> names = new ArrayList<>();
        for (StackService service : StackService.values()) {
            names.add(service.id());
        }
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
            lines.add(describe(service.id(), "http://127.0.0.1:" + layout.port(service)));
        }
        return lines;
    }

    private String describe(String name, String address) {
        return running(name)
                .map(p -> String.format("%-16s %-48s pid %-8d log %s", name, address, p.pid(), layout.root().relativize(p.logFile().toAbsolutePath())))
                .orElse(String.format("%-16s %s", name, "not running"));
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
