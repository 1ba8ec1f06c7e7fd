package io.roomsync.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * A roomsync process the local stack runs from its built jar: the four services and the Tencent IM emulator, with
 * their default ports (architecture, section 6).
 */
public enum StackService {
    TIM_EMULATOR("tim-emulator", "tools/tim-emulator/target/tim-emulator-exec.jar", 8090),
    INGEST("ingest", "services/ingest/target/ingest.jar", 8080),
    ROLE_SYNC("role-sync", "services/role-sync/target/role-sync.jar", 8081),
    MODERATION("moderation", "services/moderation/target/moderation.jar", 8082),
    NOTICE_DISPATCH("notice-dispatch", "services/notice-dispatch/target/notice-dispatch.jar", 8083);

    /**
     * A service's management port (health, Prometheus) is its API port + this: ingest 9080, role-sync 9081,
     * moderation 9082, notice-dispatch 9083 (each service's application.yml), replica k + 100 × (k - 1); clear of
     * Kafka's 9092/9093.
     */
    public static final int MANAGEMENT_PORT_OFFSET = 1000;

    private final String id;
    private final String jar;
    private final int defaultPort;

    StackService(String id, String jar, int defaultPort) {
        this.id = id;
        this.jar = jar;
        this.defaultPort = defaultPort;
    }

    public String id() {
        return id;
    }

    public Path jar(Path root) {
        return root.resolve(jar);
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The management port of replica 1 with the default ports; the emulator answers health on its own port. */
    public int defaultManagementPort() {
        return hasManagementPort() ? defaultPort + MANAGEMENT_PORT_OFFSET : defaultPort;
    }

    /** Whether the service serves health and metrics on a port of their own (the services; not the emulator). */
    public boolean hasManagementPort() {
        return this != TIM_EMULATOR;
    }

    /**
     * The readiness URL on the management port: Spring Boot's readiness group for the services, the emulator's own
     * health for it.
     */
    public String readinessUrl(int managementPort) {
        return "http://127.0.0.1:" + managementPort + "/actuator/health/readiness";
    }

    public static StackService byId(String id) {
        for (StackService service : values()) {
            if (service.id.equals(id)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + id + "'; known: " + ids());
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(StackService::id).toList();
    }
}
