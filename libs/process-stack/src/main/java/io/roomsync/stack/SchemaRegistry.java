package io.roomsync.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry (the Quarkus runner from Maven Central) bound to 127.0.0.1, its HTTP and management ports set.
 * Storage is in memory unless {@code storageFile} is given; then an embedded H2 file keeps the schemas, so that the
 * schema ids written on Kafka records stay resolvable after the stack restarts with its Kafka data.
 */
public final class SchemaRegistry {

    /** Where and how to run the registry. */
    public record Config(Path home, int port, int managementPort, Path logFile, Path storageFile, String maxHeap) {
    }

    private final Config config;
    private ManagedProcess process;

    private SchemaRegistry(Config config) {
        this.config = config;
    }

    public static SchemaRegistry start(Config config, Duration timeout) {
        SchemaRegistry registry = new SchemaRegistry(config);
        registry.process = ManagedProcess.start("registry", registry.command(), Map.of(), config.home(), config.logFile());
        registry.process.awaitReady(Readiness.httpOk(registry.baseUrl() + "/apis/registry/v3/system/info"), timeout);
        return registry;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8088}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + config.port();
    }

    /** The URL the Apicurio serde wants ({@code apicurio.registry.url}). */
    public String apiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    public ManagedProcess process() {
        return process;
    }

    public void stop() {
        process.stop(Duration.ofSeconds(20));
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(Java.binary(), "-Xmx" + config.maxHeap(), "-Xms64m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + config.port(),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + config.managementPort(),
                // The registry's own telemetry and banner are noise on a developer machine.
                "-Dquarkus.banner.enabled=false",
                "-Dquarkus.log.level=WARN"));
        if (config.storageFile() != null) {
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + config.storageFile().toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        command.addAll(List.of("-jar", runnerJar()));
        return command;
    }

    private String runnerJar() {
        try (var files = java.nio.file.Files.list(config.home())) {
            return files.map(Path::toString)
                    .filter(name -> name.endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Apicurio runner jar in " + config.home()
                            + "; build libs/process-stack first (mvn -pl libs/process-stack package)"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
