package io.roomsync.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), single node, bound to
 * 127.0.0.1, run from the jars {@code libs/process-stack} copies out of Maven Central. Internal topics use
 * replication factor 1, so it is for development and tests only. Plaintext without authentication ({@code make run},
 * the test stack), or, for tests of the services' Kafka identities, SASL/SCRAM with ACLs ({@link Scram}).
 */
public final class KafkaBroker {

    /**
     * Where and how to run the broker.
     *
     * @param scram null for the plaintext broker of {@code make run} and the tests (no authentication, no ACLs); else
     *              the clients' listener requires SASL/SCRAM and ACLs decide ({@link Scram})
     */
    public record Config(Path libs, Path dataDir, int port, int controllerPort, Path logFile, String maxHeap, Scram scram) {
        public Config {
            if (port == controllerPort) {
                throw new IllegalArgumentException("broker and controller ports must differ: " + port);
            }
        }

        /** The plaintext broker: every client is served, as anonymous. */
        public Config(Path libs, Path dataDir, int port, int controllerPort, Path logFile, String maxHeap) {
            this(libs, dataDir, port, controllerPort, logFile, maxHeap, null);
        }
    }

    /**
     * A broker as production runs one (README, "Security", Kafka), for tests of the services' Kafka identities: the
     * clients' listener ({@code SASL_PLAINTEXT}) takes only SCRAM-SHA-512, and the StandardAuthorizer serves a client
     * only what an ACL allows it ({@code allow.everyone.if.no.acl.found=false}). {@code superUser} (the broker itself,
     * and whoever creates topics and ACLs) may do anything. The users' SCRAM credentials are written when the storage
     * is formatted ({@code kafka-storage format --add-scram}, KIP-900). The controller listener takes PLAIN with the
     * super user's password only (SCRAM credentials live in the metadata the controller serves, so cannot guard it).
     *
     * @param superUser         the super user's name
     * @param superUserPassword its password
     * @param users             every other user's name and password (letters, digits, '-', '_', '.')
     */
    public record Scram(String superUser, String superUserPassword, Map<String, String> users) {
        public Scram {
            users = Map.copyOf(users);
            requirePlain(superUser);
            requirePlain(superUserPassword);
            users.forEach((user, password) -> {
                requirePlain(user);
                requirePlain(password);
            });
        }

        /** The storage tool's {@code --add-scram} arguments: one SCRAM-SHA-512 credential per user. */
        List<String> formatArguments() {
            List<String> arguments = new ArrayList<>();
            Map<String, String> all = new java.util.TreeMap<>(users);
            all.put(superUser, superUserPassword);
            all.forEach((user, password) -> {
                arguments.add("--add-scram");
                arguments.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
            });
            return arguments;
        }

        /** The server.properties lines of the SASL listeners and the authorizer. */
        List<String> serverProperties(int port, int controllerPort) {
            return List.of(
                    "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=SASL_PLAINTEXT",
                    "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                            + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + superUser
                            + "\" password=\"" + superUserPassword + "\";",
                    "sasl.mechanism.controller.protocol=PLAIN",
                    "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                    "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                            + "required username=\"" + superUser + "\" password=\"" + superUserPassword + "\" user_" + superUser
                            + "=\"" + superUserPassword + "\";",
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "super.users=User:" + superUser,
                    "allow.everyone.if.no.acl.found=false");
        }

        private static void requirePlain(String value) {
            if (!value.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("SCRAM user names and passwords here are letters, digits, '.', '_' and '-': '"
                        + value + "'");
            }
        }
    }

    private static final String STARTED = "Kafka Server started";

    private final Config config;
    private ManagedProcess process;

    private KafkaBroker(Config config) {
        this.config = config;
    }

    /** Formats the storage if it is new, starts the broker and waits until it serves. */
    public static KafkaBroker start(Config config, Duration timeout) {
        KafkaBroker broker = new KafkaBroker(config);
        broker.startProcess(timeout);
        return broker;
    }

    /** Wraps a broker started earlier (by another JVM) and recorded in {@code pidFile}. */
    public static java.util.Optional<ManagedProcess> running(Path pidFile, Path logFile) {
        return ManagedProcess.fromPidFile("kafka", pidFile, logFile);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + config.port();
    }

    public ManagedProcess process() {
        return process;
    }

    /** Starts the broker again on the same storage and ports, after {@link #stop} or {@link #kill}. */
    public void restart(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker still running (pid " + process.pid() + ")");
        }
        startProcess(timeout);
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    public void kill() {
        process.kill();
    }

    private void startProcess(Duration timeout) {
        try {
            Files.createDirectories(config.dataDir());
            // Absolute paths: the broker runs with its data directory as working directory.
            Path properties = config.dataDir().toAbsolutePath().resolve("server.properties");
            Files.writeString(properties, serverProperties());
            Path log4j = config.dataDir().toAbsolutePath().resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J2);
            Path logs = config.dataDir().resolve("logs");
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(properties, log4j);
            }
            long logOffset = Readiness.sizeOf(config.logFile());
            process = ManagedProcess.start("kafka", javaCommand(log4j, "kafka.Kafka", properties.toString()),
                    Map.of(), config.dataDir(), config.logFile());
            process.awaitReady(Readiness.logLineAndPort(config.logFile(), logOffset, STARTED, config.port()), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(Path properties, Path log4j) {
        List<String> command = javaCommand(log4j, "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", properties.toString());
        if (config.scram() != null) {
            command.addAll(config.scram().formatArguments());
        }
        ManagedProcess formatter = ManagedProcess.start("kafka-format", command, Map.of(), config.dataDir(), config.logFile());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (formatter.isAlive() && System.nanoTime() < deadline) {
            ManagedProcess.sleep(Duration.ofMillis(100));
        }
        if (!Files.exists(config.dataDir().resolve("logs").resolve("meta.properties"))) {
            throw new IllegalStateException("formatting Kafka storage failed; log:\n" + formatter.logTail(30));
        }
    }

    /**
     * A cluster id as StorageTool wants it: 16 random bytes, url-safe base64 without padding, and (as Kafka's own
     * Uuid.randomUuid) never starting with '-', which the tool's argument parser would take for an option: one id
     * in 64 did, and failed the broker's start.
     */
    static String clusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        } while (id.startsWith("-"));
        return id;
    }

    private List<String> javaCommand(Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Java.binary(), "-Xmx" + config.maxHeap(), "-Xms64m",
                "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j,
                "-cp", config.libs().toAbsolutePath() + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private String serverProperties() {
        String logs = config.dataDir().resolve("logs").toAbsolutePath().toString();
        List<String> listeners = config.scram() != null ? config.scram().serverProperties(config.port(), config.controllerPort())
                : List.of(
                "listeners=PLAINTEXT://127.0.0.1:" + config.port() + ",CONTROLLER://127.0.0.1:" + config.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.controllerPort(),
                String.join("\n", listeners),
                "log.dirs=" + logs,
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // A crashed Kafka Streams replica's open transactions are aborted within a second of their
                // transaction.timeout.ms (10 s) instead of Kafka's 10 s scan: until then they hold back every
                // read_committed reader of their partitions (README, "Kubernetes: pod failures and rolling restarts").
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                // Compaction and segment roll fast enough that a developer can watch member-state compact.
                "log.cleaner.backoff.ms=5000",
                "");
    }

    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "logger.controller.name = org.apache.kafka.controller",
            "logger.controller.level = warn",
            "");
}
