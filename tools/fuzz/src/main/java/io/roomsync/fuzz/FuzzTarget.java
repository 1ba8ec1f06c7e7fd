package io.roomsync.fuzz;

import io.roomsync.stack.StackService;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the running system answers and what it trusts: each service's port on {@code host}, Kafka and the schema
 * registry (for the topic ledger), and the IM app with its callback token, so generated callbacks can be signed
 * correctly and reach the body checks.
 *
 * @param host          the services' address, e.g. {@code 127.0.0.1}
 * @param ports         each service's HTTP port
 * @param kafka         bootstrap servers, {@code host:port}
 * @param registry      the Apicurio registry's v3 API URL
 * @param sdkAppId      the IM app the services serve (the dev app is 1400000000)
 * @param callbackToken the app's callback token ({@code Sign = sha256(token + RequestTime)})
 * @param managementPorts each service's management port (readiness, Prometheus)
 */
public record FuzzTarget(String host, Map<Service, Integer> ports, String kafka, String registry, long sdkAppId,
                         String callbackToken, Map<Service, Integer> managementPorts) {

    public FuzzTarget {
        ports = Map.copyOf(ports);
        managementPorts = Map.copyOf(managementPorts);
    }

    /** As the canonical constructor, each management port as the local stack places it: the API port + 1000. */
    public FuzzTarget(String host, Map<Service, Integer> ports, String kafka, String registry, long sdkAppId,
                      String callbackToken) {
        this(host, ports, kafka, registry, sdkAppId, callbackToken, offset(ports));
    }

    private static Map<Service, Integer> offset(Map<Service, Integer> ports) {
        Map<Service, Integer> management = new EnumMap<>(Service.class);
        ports.forEach((service, port) -> management.put(service, port + StackService.MANAGEMENT_PORT_OFFSET));
        return management;
    }

    /** Where {@code service} answers readiness and Prometheus. */
    public int managementPort(Service service) {
        Integer port = managementPorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no management port for " + service.id());
        }
        return port;
    }

    /** The stack of {@code make run}, with the development app (README, "Development defaults"). */
    public static FuzzTarget local() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.INGEST, 8080);
        ports.put(Service.ROLE_SYNC, 8081);
        ports.put(Service.MODERATION, 8082);
        ports.put(Service.NOTICE_DISPATCH, 8083);
        return new FuzzTarget("127.0.0.1", ports, "127.0.0.1:9092", "http://127.0.0.1:8088/apis/registry/v3",
                1400000000L, "dev-callback-token");
    }

    public int port(Service service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no port for " + service.id());
        }
        return port;
    }
}
