package io.roomsync.teststack;

import io.roomsync.contract.AvroTrust;
import io.roomsync.contract.Topic;
import io.roomsync.stack.KafkaBroker;
import io.roomsync.stack.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker and schema registry of one test JVM, started once on first use and stopped when the JVM
 * exits. Which broker is chosen by {@code roomsync.test.kafka}: {@code local} runs the project's own KRaft broker
 * process (no Docker needed), {@code testcontainers} runs Testcontainers' Kafka, {@code auto} (the default) takes
 * Testcontainers when a Docker engine answers and the local broker otherwise. The registry is always Apicurio from
 * the local stack, its schemas in an H2 file under target/ so that a test can stop and start it again
 * ({@link #stopRegistry}, {@link #startRegistry}) and find the same schema ids. Ports are picked free, so several test
 * JVMs can run side by side.
 */
public final class TestStack {

    private static final Logger log = LoggerFactory.getLogger(TestStack.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static volatile TestStack instance;

    private final Path workDir;
    private final KafkaBroker localBroker;
    private final KafkaContainer containerBroker;
    private final SchemaRegistry.Config registryConfig;
    private volatile SchemaRegistry registry;
    private final String bootstrapServers;

    private TestStack() {
        AvroTrust.trustContractClasses();
        Path stackHome = stackHome();
        try {
            workDir = Files.createDirectories(Path.of("target", "test-stack").toAbsolutePath())
                    .resolve("run-" + ProcessHandle.current().pid());
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaMode mode = KafkaMode.choose(System.getProperty("roomsync.test.kafka", "auto"), TestStack::dockerAvailable);
        long started = System.nanoTime();
        // The registry does not need Kafka: start both at once.
        registryConfig = new SchemaRegistry.Config(stackHome.resolve("apicurio"), freePort(), freePort(),
                workDir.resolve("registry.log"), workDir.resolve("registry/registry-db"), "256m");
        java.util.concurrent.CompletableFuture<SchemaRegistry> registryStart = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> SchemaRegistry.start(registryConfig, START_TIMEOUT));
        try {
            if (mode == KafkaMode.TESTCONTAINERS) {
                containerBroker = new KafkaContainer("apache/kafka:4.1.2");
                containerBroker.start();
                localBroker = null;
                bootstrapServers = containerBroker.getBootstrapServers();
            } else {
                containerBroker = null;
                localBroker = KafkaBroker.start(new KafkaBroker.Config(stackHome.resolve("kafka-libs"), workDir.resolve("kafka"),
                        freePort(), freePort(), workDir.resolve("kafka.log"), "384m"), START_TIMEOUT);
                bootstrapServers = localBroker.bootstrapServers();
            }
        } catch (RuntimeException e) {
            // No shutdown hook is registered yet: stop the registry that started beside the broker, or it outlives us.
            try {
                registryStart.join().stop();
            } catch (RuntimeException registryFailed) {
                e.addSuppressed(registryFailed);
            }
            throw e;
        }
        registry = registryStart.join();
        createCatalogueTopics();
        log.info("test stack up in {} ms: Kafka ({}) at {}, registry at {}", (System.nanoTime() - started) / 1_000_000,
                mode, bootstrapServers, registry.apiUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "test-stack-shutdown"));
    }

    /** The stack of this JVM, started on first call. */
    public static TestStack get() {
        if (instance == null) {
            synchronized (TestStack.class) {
                if (instance == null) {
                    instance = new TestStack();
                }
            }
        }
        return instance;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The registry API URL, as the Apicurio serde wants it. */
    public String registryUrl() {
        return registry.apiUrl();
    }

    /**
     * Stops the schema registry (SIGTERM, waited for), as an outage would; its schemas stay in its file. Call
     * {@link #startRegistry} afterwards, also when the test fails.
     */
    public synchronized void stopRegistry() {
        registry.stop();
    }

    /** Starts the registry again on the same ports with the same schemas, and waits until it answers. */
    public synchronized void startRegistry() {
        if (!registry.process().isAlive()) {
            registry = SchemaRegistry.start(registryConfig, START_TIMEOUT);
        }
    }

    /** The locally run broker, for tests that stop, kill and restart it; empty under Testcontainers. */
    public java.util.Optional<KafkaBroker> localBroker() {
        return java.util.Optional.ofNullable(localBroker);
    }

    /**
     * A local stack whose Kafka and registry are this test stack's, to run roomsync services from their built jars
     * (tests of one service that need another running beside it, and the end-to-end tests). Its run directory (pids,
     * logs) is under target/.
     */
    public io.roomsync.stack.LocalStack processes(java.util.Map<io.roomsync.stack.StackService, Integer> ports) {
        Path root = stackHome().toAbsolutePath().normalize().getParent().getParent().getParent().getParent();
        int kafkaPort = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        String registry = registryUrl().substring("http://127.0.0.1:".length());
        int registryPort = Integer.parseInt(registry.substring(0, registry.indexOf('/')));
        return new io.roomsync.stack.LocalStack(new io.roomsync.stack.LocalStack.Layout(root, stackHome(),
                workDir.resolve("services"), kafkaPort, 0, registryPort, 0, ports));
    }

    public static int freePortNumber() {
        return freePort();
    }

    /** Properties a Spring Boot service under test needs to use this stack. */
    public Map<String, String> serviceProperties() {
        return Map.of(
                "roomsync.kafka.bootstrap-servers", bootstrapServers,
                "roomsync.registry.url", registryUrl());
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(properties);
    }

    /** Creates a topic the catalogue does not know (e.g. a test's own), if missing. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    private void createCatalogueTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(new NewTopic(topic.defaultName(), 3, (short) 1).configs(topic.configs()));
            topics.add(new NewTopic(topic.dlqName(), 3, (short) 1).configs(Topic.dlqConfigs()));
        }
        createTopics(topics);
    }

    private void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void shutdown() {
        if (registry.process().isAlive()) {
            registry.stop();
        }
        if (localBroker != null && localBroker.process().isAlive()) {
            localBroker.stop();
        }
        if (containerBroker != null) {
            containerBroker.stop();
        }
    }

    static Path stackHome() {
        String configured = System.getProperty("roomsync.stack.home");
        Path home = configured != null ? Path.of(configured) : Path.of("../../libs/process-stack/target/stack");
        if (!Files.isDirectory(home.resolve("kafka-libs"))) {
            throw new IllegalStateException("the stack home is not built at " + home.toAbsolutePath()
                    + "; run the tests through the reactor (make test) or build libs/process-stack first");
        }
        return home;
    }

    /**
     * Asks Testcontainers only where a Docker engine could be: without a socket or DOCKER_HOST it would just log an
     * error about every strategy it tried.
     */
    private static boolean dockerAvailable() {
        boolean engineCouldBeThere = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!engineCouldBeThere) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
