package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.stack.StackService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read as Compose reads it (YAML anchors and merge keys resolved): the same services and ports
 * as {@code make run}, images built from modules and jars that exist, health checks and start order, and only
 * settings the README documents. {@code docker compose config -q} runs too where Compose is installed.
 */
class ComposeTest {

    /** Where compose mounts deploy/monitoring/grafana/dashboards in Grafana, and Grafana's provisioning reads it. */
    static final String GRAFANA_DASHBOARDS = "/var/lib/grafana/dashboards/roomsync";
    private static final Path COMPOSE = ManifestsTest.ROOT.resolve("docker-compose.yml");
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
        }
    }

    @Test
    void runsKafkaTheRegistryTheEmulatorAndTheFourServicesOnMakeRunsPortsWithPrometheusAndGrafana() {
        assertThat(services.keySet()).containsExactlyInAnyOrder("kafka", "registry", "tim-emulator", "ingest", "role-sync",
                "moderation", "notice-dispatch", "prometheus", "grafana");
        for (StackService process : StackService.values()) {
            Map<String, Object> service = map(services.get(process.id()));
            List<String> published = new java.util.ArrayList<>(List.of(loopback(process.defaultPort(), process.defaultPort())));
            if (process.hasManagementPort()) {
                published.add(loopback(process.defaultManagementPort(), process.defaultManagementPort()));
            }
            assertThat(service.get("ports")).as(process.id()).isEqualTo(published);
            assertThat(service).as(process.id()).containsKey("healthcheck");
        }
        assertThat(map(services.get("kafka")).get("ports")).isEqualTo(List.of(loopback(9092, 9092)));
        assertThat(map(services.get("registry")).get("ports")).isEqualTo(List.of(loopback(8088, 8080)));
        assertThat(map(services.get("prometheus")).get("ports")).isEqualTo(List.of(loopback(9090, 9090)));
        assertThat(map(services.get("grafana")).get("ports")).isEqualTo(List.of(loopback(3000, 3000)));
    }

    @Test
    void everyPortIsPublishedOnTheHostsLoopbackInterfaceOnly() {
        // The services trust the public development key and Kafka takes anyone: nothing may listen on the network
        services.forEach((id, service) -> {
            Object ports = map(service).get("ports");
            if (ports != null) {
                assertThat((List<?>) ports).as(id).allSatisfy(port -> assertThat(port.toString()).startsWith("127.0.0.1:"));
            }
        });
    }

    /** A port published on 127.0.0.1 only, as Compose's short syntax writes it. */
    private static String loopback(int host, int container) {
        return "127.0.0.1:" + host + ":" + container;
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceOnThePortComposeRunsItOnWithTheRulesOfDeployMonitoring() throws IOException {
        // Given compose's Prometheus, its configuration directory mounted from deploy/monitoring/prometheus
        Map<String, Object> prometheus = map(services.get("prometheus"));
        String configDir = mountOf(prometheus, "./deploy/monitoring/prometheus");
        assertThat((List<String>) prometheus.get("command")).contains("--config.file=" + configDir + "/prometheus.yml");
        Map<String, Object> config;
        try (Reader reader = Files.newBufferedReader(MonitoringTest.MONITORING.resolve("prometheus/prometheus.yml"))) {
            config = new Yaml().load(reader);
        }

        // Then it loads the alerting rules, and scrapes each service's /actuator/prometheus on the management port
        // compose gives it (actuator listens only there)
        for (Object file : (List<Object>) config.get("rule_files")) {
            assertThat(MonitoringTest.MONITORING.resolve("prometheus").resolve((String) file)).exists();
        }
        Map<String, Object> jobs = new java.util.HashMap<>();
        for (Object job : (List<Object>) config.get("scrape_configs")) {
            jobs.put((String) map(job).get("job_name"), job);
        }
        assertThat(jobs.keySet()).containsExactlyInAnyOrder("ingest", "role-sync", "moderation", "notice-dispatch");
        for (String id : jobs.keySet()) {
            Map<String, Object> job = map(jobs.get(id));
            Object port = map(map(services.get(id)).get("environment")).get("MANAGEMENT_SERVER_PORT");
            assertThat(port).as(id + " MANAGEMENT_SERVER_PORT").isNotNull();
            assertThat(job.get("metrics_path")).as(id).isEqualTo("/actuator/prometheus");
            assertThat(map(((List<Object>) job.get("static_configs")).get(0)).get("targets")).as(id)
                    .isEqualTo(List.of(id + ":" + port));
        }
    }

    @Test
    void grafanaGetsItsProvisioningAndTheDashboardFromDeployMonitoringAndStartsAfterPrometheus() {
        // Given compose's Grafana
        Map<String, Object> grafana = map(services.get("grafana"));

        // Then it mounts the provisioning and the dashboards, opens on the dashboard, and waits for Prometheus
        assertThat(mountOf(grafana, "./deploy/monitoring/grafana/provisioning/datasources"))
                .isEqualTo("/etc/grafana/provisioning/datasources");
        assertThat(mountOf(grafana, "./deploy/monitoring/grafana/provisioning/dashboards"))
                .isEqualTo("/etc/grafana/provisioning/dashboards");
        assertThat(mountOf(grafana, "./deploy/monitoring/grafana/dashboards")).isEqualTo(GRAFANA_DASHBOARDS);
        assertThat(map(grafana.get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(GRAFANA_DASHBOARDS + "/roomsync.json");
        assertThat(map(map(grafana.get("depends_on")).get("prometheus")).get("condition")).isEqualTo("service_healthy");
    }

    /** Where a service mounts {@code hostPath} (read-only), which must exist in the repository. */
    @SuppressWarnings("unchecked")
    private static String mountOf(Map<String, Object> service, String hostPath) {
        assertThat(ManifestsTest.ROOT.resolve(hostPath)).isDirectory();
        return ((List<String>) service.get("volumes")).stream()
                .filter(volume -> volume.startsWith(hostPath + ":") && volume.endsWith(":ro"))
                .map(volume -> volume.split(":")[1])
                .findFirst().orElseThrow(() -> new AssertionError(hostPath + " is not mounted read-only"));
    }

    @Test
    void theServicesListenOnEveryInterfaceOfTheirContainerThoughTheDevProfileBindsLoopback() {
        for (String id : List.of("ingest", "role-sync", "moderation", "notice-dispatch")) {
            Map<String, Object> environment = map(map(services.get(id)).get("environment"));
            assertThat(environment.get("SPRING_PROFILES_ACTIVE")).as(id).isEqualTo("dev");
            assertThat(environment.get("SERVER_ADDRESS")).as(id).isEqualTo("0.0.0.0");
        }
    }

    @Test
    void eachImageIsBuiltFromAModuleAndTheJarItBuilds() {
        for (StackService process : StackService.values()) {
            Map<String, Object> args = map(map(map(services.get(process.id())).get("build")).get("args"));
            String module = (String) args.get("MODULE");
            assertThat(ManifestsTest.ROOT.resolve(module).resolve("pom.xml")).as(process.id()).exists();
            assertThat(ManifestsTest.ROOT.resolve(module).resolve("target").resolve((String) args.get("JAR")))
                    .as(process.id()).isEqualTo(process.jar(ManifestsTest.ROOT));
        }
    }

    @Test
    void theServicesStartAfterTheirDependenciesAreHealthy() {
        for (String id : List.of("ingest", "role-sync", "moderation", "notice-dispatch")) {
            Map<String, Object> dependsOn = map(map(services.get(id)).get("depends_on"));
            assertThat(dependsOn.keySet()).as(id).containsExactlyInAnyOrder("kafka", "registry", "tim-emulator");
            dependsOn.values().forEach(condition -> assertThat(map(condition).get("condition")).isEqualTo("service_healthy"));
        }
    }

    @Test
    void everySettingIsOneTheReadmeDocuments() throws IOException {
        String readme = Files.readString(ManifestsTest.ROOT.resolve("README.md"));
        String compose = Files.readString(COMPOSE);
        Matcher setting = Pattern.compile("\\b(ROOMSYNC_[A-Z_]+)\\b").matcher(compose + manifests());
        int checked = 0;
        while (setting.find()) {
            assertThat(readme).as("README documents " + setting.group(1)).contains(setting.group(1));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void composeItselfAcceptsTheFileWhereItIsInstalled() throws Exception {
        if (run("docker", "compose", "version").exitCode() != 0) {
            System.out.println("docker compose not installed: `docker compose config` was NOT run; the file was checked by parsing only");
            return;
        }
        Run config = run("docker", "compose", "-f", COMPOSE.toString(), "config", "-q");
        assertThat(config.exitCode()).as(config.output()).isZero();
        System.out.println("docker compose config -q: accepted");
    }

    private record Run(int exitCode, String output) {
    }

    /** A command's exit code and output; 127 when it is not installed. */
    private static Run run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
    }

    private static String manifests() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(ManifestsTest.ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
