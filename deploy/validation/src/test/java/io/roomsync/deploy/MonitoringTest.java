package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roomsync.deploy.PromqlSelectors.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/monitoring, offline: every metric the Grafana dashboard and the alerting rules name is one the services
 * export (exported-metrics.txt, captured from a running stack, and registered-on-first-use.txt, checked against the
 * code), with the labels they use; the PrometheusRule holds exactly the rules docker-compose's Prometheus loads; each
 * alert has its summary, description and runbook entry in the README; every dashboard panel has a data source and a
 * query; and, where Debian's prometheus package is installed, promtool accepts the rules, the dashboard's queries and
 * the scrape configuration, and the rules' unit tests pass.
 */
class MonitoringTest {

    static final Path MONITORING = ManifestsTest.ROOT.resolve("deploy/monitoring");
    private static final Path RULES = MONITORING.resolve("prometheus/roomsync-alerts.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana/dashboards/roomsync.json");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new JsonMapper();
    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    /** What should wake someone (issue 17): one alert each. */
    private static final Set<String> ALERTS = Set.of("RoomsyncRoomsHeld", "RoomsyncTencentBreakerOpen",
            "RoomsyncDeadLettersGrowing", "RoomsyncBadSignaturesRising", "RoomsyncPolicyReplicaNotLoaded",
            "RoomsyncConsumerLagGrowing", "RoomsyncNoticeLatencyOverBudget");

    /** A metric registered only at its first event, and where its meter is built. */
    private record FirstUse(String sample, String module, String meter) {
    }

    @Test
    void thePodMonitorScrapesAPortEveryServicesPodsNameWithThePrometheusAnnotationsPointingAtIt() throws IOException {
        // Given the PodMonitor's endpoint port
        String port = YAML.readTree(MONITORING.resolve("k8s/pod-monitor.yaml").toFile())
                .path("spec").path("podMetricsEndpoints").get(0).path("port").asText();

        // Then every roomsync workload's pods name that port, and their prometheus.io/port annotation is its number
        for (String service : List.of("ingest", "role-sync", "moderation", "notice-dispatch")) {
            boolean found = false;
            try (var parser = YAML.getFactory().createParser(ManifestsTest.ROOT.resolve("deploy/k8s/base/" + service + ".yaml").toFile())) {
                for (JsonNode object : YAML.readValues(parser, JsonNode.class).readAll()) {
                    JsonNode pod = object.path("spec").path("template");
                    if (!object.path("kind").asText().matches("Deployment|StatefulSet") || pod.isMissingNode()) {
                        continue;
                    }
                    for (JsonNode declared : pod.path("spec").path("containers").get(0).path("ports")) {
                        if (declared.path("name").asText().equals(port)) {
                            found = true;
                            assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).as(service)
                                    .isEqualTo(declared.path("containerPort").asText());
                        }
                    }
                }
            }
            assertThat(found).as(service + " names port " + port).isTrue();
        }
    }

    @Test
    void everyMetricTheDashboardAndTheRulesNameIsOneTheServicesExportWithTheLabelsTheyUse() throws IOException {
        // Given the metrics the services export, with their label names
        Map<String, Set<String>> exported = exportedLabels();

        // When every selector of every dashboard query and alert expression is read
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (String expr : Stream.concat(dashboardQueries().stream(), ruleExpressions().stream()).toList()) {
            for (Selector selector : PromqlSelectors.of(expr)) {
                checked++;
                Set<String> labels = exported.get(selector.metric());
                if (labels == null) {
                    unknown.add(selector.metric() + " (not exported) in: " + expr);
                    continue;
                }
                for (String label : selector.labels()) {
                    if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
                        unknown.add(selector.metric() + " has no label " + label + " in: " + expr);
                    }
                }
            }
        }

        // Then each is exported (a renamed metric fails here)
        assertThat(unknown).isEmpty();
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void metricsRegisteredAtTheirFirstEventAreStillBuiltByTheirModulesUnderTheNameTheRulesUse() throws IOException {
        for (FirstUse metric : firstUse()) {
            // Given the meter's Micrometer name, Micrometer's Prometheus name for a counter is derived from it
            assertThat(metric.sample()).as(metric.meter())
                    .isEqualTo(metric.meter().replace('.', '_').replace('-', '_') + "_total");

            // Then the module's main code still builds a meter of that name
            assertThat(mainSources(metric.module())).as(metric.module() + " builds " + metric.meter())
                    .contains("\"" + metric.meter() + "\"");
        }
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesDockerComposesPrometheusLoads() throws IOException {
        // Given the PrometheusRule and the plain rules file
        JsonNode rule = YAML.readTree(MONITORING.resolve("k8s/prometheus-rule.yaml").toFile());
        JsonNode plain = YAML.readTree(RULES.toFile());

        // Then it is the Operator's kind with the very same groups
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("metadata").path("name").asText()).isEqualTo("roomsync-alerts");
        assertThat(rule.path("spec").path("groups")).isEqualTo(plain.path("groups"));
    }

    @Test
    void everyAlertSaysWhatHappenedAndTheReadmeSaysWhatToLookAtFirst() throws IOException {
        // Given the README's section on dashboards and alerts
        String readme = Files.readString(ManifestsTest.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Dashboards and alerts\n");
        assertThat(start).as("README has a section \"Dashboards and alerts\"").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);

        // Then each alert the issue asks for is there once, with severity, summary, description and a runbook entry
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertThat(names.add(name)).as("alert " + name + " once").isTrue();
            assertThat(rule.path("expr").asText()).as(name).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).as(name).isEqualTo("page");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
            assertThat(rule.path("annotations").path("runbook").asText()).as(name)
                    .isEqualTo("README.md, Dashboards and alerts: " + name);
            assertThat(section).as("README runbook entry for " + name).contains("**" + name + "**");
        }
        assertThat(names).isEqualTo(ALERTS);
    }

    @Test
    void theDashboardIsValidJsonAndEveryPanelHasADataSourceAndAQuery() throws IOException {
        // Given the provisioned dashboard
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("roomsync-pipeline");
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");

        // Then every panel but the rows reads the chosen Prometheus data source, with at least one query, and panels
        // have distinct ids and do not overlap on the 24-column grid
        Set<Integer> ids = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("id of " + title).isTrue();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertThat(x + w).as(title).isBetween(1, 24);
            for (int[] other : cells) {
                assertThat(x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h)
                        .as(title + " overlaps another panel").isFalse();
            }
            cells.add(new int[] {x, y, w, h});
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("type").asText()).as(title).isEqualTo("prometheus");
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(title + " has a query").isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("refId").asText()).as(title).isNotBlank();
                assertThat(target.path("datasource")).as(title).isEqualTo(panel.path("datasource"));
            }
            queried++;
        }
        assertThat(queried).isGreaterThanOrEqualTo(20);
    }

    @Test
    void theDashboardDrawsThePipelineFromCallbacksToDeadLetters() throws IOException {
        // Given the metrics the dashboard's queries read
        Set<String> drawn = new TreeSet<>();
        for (String query : dashboardQueries()) {
            PromqlSelectors.of(query).forEach(selector -> drawn.add(selector.metric()));
        }

        // Then it has callbacks in and refused, publish and verdict latency, commands, held rooms, Tencent calls and
        // breakers, notices sent, retried, dead-lettered and their latency, consumer lag, dead letters, registry waits
        assertThat(drawn).contains("roomsync_ingest_callbacks_received_total", "roomsync_ingest_callbacks_rejected_total",
                "roomsync_ingest_publish_latency_seconds_bucket", "roomsync_ingest_verdict_latency_seconds_bucket",
                "roomsync_rolesync_commands_total", "roomsync_rolesync_held_rooms", "roomsync_tim_calls_total",
                "resilience4j_circuitbreaker_state", "roomsync_notices_sent_total", "roomsync_notices_retried_total",
                "roomsync_notices_dead_lettered_total", "roomsync_notices_latency_seconds_bucket",
                "kafka_consumer_fetch_manager_records_lag_max", "roomsync_rolesync_dead_lettered_total",
                "roomsync_moderation_dead_lettered_total", "roomsync_registry_waits_total",
                // and what queues before Tencent (issue 13): calls in flight, slots taken, permit waits, rooms waiting
                "roomsync_tim_calls_in_flight", "roomsync_rolesync_calls_in_flight", "roomsync_notices_in_flight",
                "roomsync_tim_call_queued_seconds_sum", "roomsync_rolesync_rooms_waiting_for_call",
                "roomsync_notices_wait_seconds_bucket");
    }

    @Test
    void grafanaProvisionsTheDashboardFromWhereComposeMountsItAndPrometheusAsItsDataSource() throws IOException {
        JsonNode provider = YAML.readTree(MONITORING.resolve("grafana/provisioning/dashboards/roomsync.yaml").toFile())
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(ComposeTest.GRAFANA_DASHBOARDS);

        JsonNode source = YAML.readTree(MONITORING.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile())
                .path("datasources").get(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(source.path("isDefault").asBoolean()).isTrue();
    }

    @Test
    void promtoolAcceptsTheRulesTheDashboardsQueriesAndTheScrapeConfigurationAndTheRulesUnitTestsPass(@TempDir Path temp)
            throws Exception {
        // Given promtool (Debian: apt-get install prometheus); without it the rules were read by PromqlSelectors only
        if (promtool("--version").exitCode() != 0) {
            System.out.println("promtool not installed (Debian: apt-get install prometheus): `promtool check rules` and "
                    + "`promtool test rules` were NOT run on deploy/monitoring; PromQL was checked by PromqlSelectors only");
            Assumptions.abort("promtool not installed");
        }

        // And the dashboard's queries as recording rules, Grafana's $__rate_interval standing for a range
        List<Map<String, String>> recorded = new ArrayList<>();
        for (String query : dashboardQueries()) {
            recorded.add(Map.of("record", "dashboard:query_" + recorded.size(), "expr", query.replace("$__rate_interval", "1m")));
        }
        Path queries = temp.resolve("dashboard-queries.yml");
        YAML.writeValue(queries.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard", "rules", recorded))));

        // Then it accepts the rules, the dashboard's queries, the scrape configuration (with the rules it loads) and
        // passes the rules' tests
        for (String[] check : List.of(new String[] {"check", "rules", RULES.toString()},
                new String[] {"check", "rules", queries.toString()},
                new String[] {"check", "config", MONITORING.resolve("prometheus/prometheus.yml").toString()},
                new String[] {"test", "rules", MONITORING.resolve("prometheus/roomsync-alerts.test.yml").toString()})) {
            Run run = promtool(check);
            assertThat(run.exitCode()).as("promtool " + String.join(" ", check) + ":\n" + run.output()).isZero();
        }
        System.out.println("promtool: rules, " + recorded.size() + " dashboard queries, scrape configuration and rule unit tests accepted");
    }

    /** Every metric the services export, with the label names seen on it (over every service). */
    static Map<String, Set<String>> exportedLabels() throws IOException {
        Map<String, Set<String>> labels = new HashMap<>();
        for (Path file : List.of(MONITORING.resolve("exported-metrics.txt"), MONITORING.resolve("registered-on-first-use.txt"))) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(" ");
                Set<String> names = labels.computeIfAbsent(fields[1], k -> new HashSet<>());
                if (!fields[2].equals("-")) {
                    names.addAll(List.of(fields[2].split(",")));
                }
            }
        }
        return labels;
    }

    private static List<FirstUse> firstUse() throws IOException {
        return Files.readAllLines(MONITORING.resolve("registered-on-first-use.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(" "))
                .map(fields -> new FirstUse(fields[1], fields[3], fields[4]))
                .toList();
    }

    private static String mainSources(String module) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ManifestsTest.ROOT.resolve(module).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }

    private static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        return queries;
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        YAML.readTree(RULES.toFile()).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private static List<String> ruleExpressions() throws IOException {
        return rules().stream().map(rule -> rule.path("expr").asText()).toList();
    }

    private record Run(int exitCode, String output) {
    }

    /** promtool's exit code and output, run in the rules' directory; 127 when it is not installed. */
    private static Run promtool(String... arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
    }
}
