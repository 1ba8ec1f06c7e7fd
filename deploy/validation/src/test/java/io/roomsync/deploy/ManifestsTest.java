package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.roomsync.contract.Topic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes overlays, rendered by {@code kubectl kustomize} (skipped, saying so, where kubectl is absent), read
 * strictly: every object of a Kubernetes kind through fabric8's model with no field left over (a misspelt or
 * misplaced field fails), Strimzi's KafkaTopic and KafkaUser and KEDA's ScaledObject and TriggerAuthentication through
 * records of the fields roomsync uses (unknown fields fail); then the references between them and the topic catalogue.
 */
class ManifestsTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class, "apps/v1/StatefulSet", StatefulSet.class, "v1/Service", Service.class, "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);

    /** Strimzi's KafkaTopic, as far as roomsync writes it. */
    record KafkaTopic(String apiVersion, String kind, Metadata metadata, TopicSpec spec) {
    }

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record TopicSpec(String topicName, int partitions, int replicas, Map<String, Object> config) {
    }

    /** Strimzi's KafkaUser, as far as roomsync writes it. */
    record KafkaUser(String apiVersion, String kind, Metadata metadata, UserSpec spec) {
    }

    record UserSpec(Authentication authentication, Authorization authorization) {
    }

    record Authentication(String type) {
    }

    record Authorization(String type, List<Acl> acls) {
    }

    record Acl(AclResource resource, List<String> operations) {
    }

    record AclResource(String type, String name, String patternType) {
    }

    /** KEDA's ScaledObject, as far as roomsync writes it. */
    record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledSpec spec) {
    }

    record ScaledSpec(Target scaleTargetRef, int minReplicaCount, int maxReplicaCount, List<Trigger> triggers) {
    }

    record Target(String apiVersion, String kind, String name) {
    }

    /** A trigger; {@code authenticationRef} names a TriggerAuthentication of the namespace, or is null. */
    record Trigger(String type, Map<String, String> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name) {
    }

    /** KEDA's TriggerAuthentication, as far as roomsync writes it: each parameter from a ConfigMap's or a Secret's key. */
    record TriggerAuthentication(String apiVersion, String kind, Metadata metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<TargetRef> configMapTargetRef, List<TargetRef> secretTargetRef) {
    }

    record TargetRef(String parameter, String name, String key) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectOfTheOverlayIsValidAndConsistent(String overlay) throws Exception {
        // Given the overlay rendered by kubectl
        List<JsonNode> objects = render(overlay);
        System.out.printf("deploy/k8s/overlays/%s: %d objects rendered and checked strictly%n", overlay, objects.size());

        // When each is read strictly by its kind
        Map<String, List<Object>> byKind = new java.util.TreeMap<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(read(object));
        }

        // Then the four services run with probes, limits and their settings, and everything they refer to exists: ingest
        // (stateless) as a Deployment, the three Kafka Streams services as StatefulSets
        List<Deployment> deployments = cast(byKind.get("Deployment"));
        List<StatefulSet> statefulSets = cast(byKind.get("StatefulSet"));
        Set<String> expected = new HashSet<>(Set.of("ingest"));
        if (overlay.equals("dev")) {
            expected.add("tim-emulator");
        }
        assertThat(deployments.stream().map(d -> d.getMetadata().getName())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(statefulSets.stream().map(s -> s.getMetadata().getName()))
                .containsExactlyInAnyOrder("role-sync", "moderation", "notice-dispatch");
        Map<String, PodTemplateSpec> workloads = new java.util.TreeMap<>();
        deployments.forEach(d -> workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        statefulSets.forEach(s -> workloads.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        Set<String> configMaps = names(byKind.get("ConfigMap"));
        Set<String> secrets = names(byKind.getOrDefault("Secret", List.of()));
        for (var workload : workloads.entrySet()) {
            var container = workload.getValue().getSpec().getContainers().get(0);
            assertThat(container.getReadinessProbe()).as(workload.getKey()).isNotNull();
            assertThat(container.getResources().getRequests()).as(workload.getKey()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(workload.getKey()).containsKey("memory");
            for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    assertThat(configMaps).contains(source.getConfigMapRef().getName());
                }
                if (source.getSecretRef() != null && overlay.equals("dev")) {
                    assertThat(secrets).contains(source.getSecretRef().getName());
                }
            }
        }
        // And health and metrics are on each service's management port, never the API port (issue 15)
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            if (name.equals("tim-emulator")) {
                continue;
            }
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            int management = container.getPorts().stream().filter(port -> "management".equals(port.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " has no management port")).getContainerPort();
            assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                    .as(name).allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .as(name).containsEntry("prometheus.io/port", Integer.toString(management));
            assertThat(container.getEnv()).as(name).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("MANAGEMENT_SERVER_PORT");
                assertThat(env.getValue()).isEqualTo(Integer.toString(management));
            });
        }
        // And prod trusts the tokens of a real identity provider (the services refuse to start without one) and takes
        // Tencent's callbacks over HTTPS only
        if (overlay.equals("prod")) {
            Map<String, String> config = this.<ConfigMap>cast(byKind.get("ConfigMap")).stream()
                    .filter(map -> map.getMetadata().getName().startsWith("roomsync-config")).findFirst().orElseThrow().getData();
            assertThat(config.get("ROOMSYNC_AUTH_ISSUER_URI")).startsWith("https://").isNotEqualTo("roomsync-dev");
            assertThat(config.get("ROOMSYNC_AUTH_JWK_SET_URI")).startsWith("https://");
            assertThat(config.get("ROOMSYNC_AUTH_AUDIENCE")).isNotBlank();
            List<io.fabric8.kubernetes.api.model.networking.v1.Ingress> ingresses = cast(byKind.get("Ingress"));
            assertThat(ingresses).singleElement().satisfies(ingress -> {
                assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
                Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(tls -> tls.getHosts().stream()).collect(Collectors.toSet());
                assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
                    assertThat(tlsHosts).contains(rule.getHost());
                    assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
                        assertThat(path.getPath()).isEqualTo("/tencent-im/callback");
                        assertThat(path.getBackend().getService().getName()).isEqualTo("ingest");
                    });
                });
            });
        }
        // And no secret is in plain configuration, and prod brings no secret of its own
        for (ConfigMap config : this.<ConfigMap>cast(byKind.get("ConfigMap"))) {
            assertThat(config.getData().keySet()).noneMatch(key -> key.contains("SECRET") || key.contains("TOKEN"));
            // And the dev profile's loopback address is overridden where it is active: probes come from outside the pod
            if ("dev".equals(config.getData().get("SPRING_PROFILES_ACTIVE"))) {
                assertThat(config.getData()).containsEntry("SERVER_ADDRESS", "0.0.0.0");
            }
        }
        if (overlay.equals("prod")) {
            assertThat(secrets).isEmpty();
        }
        // And every Service, PodDisruptionBudget and autoscaler points at a workload, each Streams service has a budget
        List<Service> services = cast(byKind.get("Service"));
        for (Service service : services) {
            assertThat(workloads).containsKey(service.getSpec().getSelector().get("app.kubernetes.io/name"));
        }
        List<PodDisruptionBudget> budgets = cast(byKind.get("PodDisruptionBudget"));
        for (PodDisruptionBudget budget : budgets) {
            assertThat(workloads).containsKey(budget.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"));
        }
        assertThat(budgets.stream().map(b -> b.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name")))
                .contains("role-sync", "moderation", "notice-dispatch");
        HorizontalPodAutoscaler hpa = this.<HorizontalPodAutoscaler>cast(byKind.get("HorizontalPodAutoscaler")).get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("ingest");
        List<ScaledObject> scaled = cast(byKind.get("ScaledObject"));
        assertThat(scaled.stream().map(s -> s.spec().scaleTargetRef()))
                .containsExactlyInAnyOrder(new Target("apps/v1", "StatefulSet", "role-sync"),
                        new Target("apps/v1", "StatefulSet", "moderation"), new Target("apps/v1", "StatefulSet", "notice-dispatch"));
        // And notice-dispatch runs at most 2 replicas: Tencent's 5 attribute writes/s per app split strictly between 2,
        // not among 3 or more (README, "Tencent's budgets")
        assertThat(scaled).filteredOn(s -> s.spec().scaleTargetRef().name().equals("notice-dispatch"))
                .singleElement().satisfies(s -> assertThat(s.spec().maxReplicaCount()).isLessThanOrEqualTo(2));
        // And each Streams service keeps its pods' names and state, with standbys where it runs 2+ replicas
        Map<String, String> config = this.<ConfigMap>cast(byKind.get("ConfigMap")).stream()
                .filter(c -> c.getMetadata().getName().startsWith("roomsync-config")).findFirst().orElseThrow().getData();
        // And Tencent's per-API rate is the app's limit, which the replicas share, never a replica's share of it
        assertThat(config).containsEntry("ROOMSYNC_TENCENT_RATE_PER_SECOND", "200");
        for (StatefulSet statefulSet : statefulSets) {
            StreamsFailoverCheck.check(statefulSet, services, config);
        }
        // And every catalogue topic and its dead-letter twin is a KafkaTopic with the catalogue's cleanup policy
        Map<String, KafkaTopic> topics = this.<KafkaTopic>cast(byKind.get("KafkaTopic")).stream()
                .collect(Collectors.toMap(t -> t.spec().topicName(), t -> t));
        for (Topic topic : Topic.values()) {
            assertThat(topics).containsKeys(topic.defaultName(), topic.dlqName());
            assertThat(topics.get(topic.defaultName()).spec().config().get("cleanup.policy")).isEqualTo(topic.cleanup().configValue());
        }
        // And only ingest may be reached from outside the namespace
        List<NetworkPolicy> policies = cast(byKind.get("NetworkPolicy"));
        assertThat(policies.stream().filter(p -> p.getSpec().getIngress().stream().anyMatch(rule -> rule.getFrom() == null
                || rule.getFrom().isEmpty())).map(p -> p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name")))
                .containsExactly("ingest");
    }

    static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Path dir = ROOT.resolve("deploy/k8s/overlays/" + overlay);
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            System.out.println("kubectl not found: deploy/k8s/overlays/" + overlay + " was NOT rendered or checked");
            Assumptions.abort("kubectl not found: the Kustomize overlays cannot be rendered here");
            throw e;
        }
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + overlay + ": " + errors).isZero();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isMissingNode() && !node.isNull()) {
                    objects.add(node);
                }
            });
        }
        return objects;
    }

    static Object read(JsonNode object) throws IOException {
        String kind = object.path("kind").asText();
        if (kind.equals("KafkaTopic")) {
            assertThat(object.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            return STRICT.treeToValue(object, KafkaTopic.class);
        }
        if (kind.equals("KafkaUser")) {
            assertThat(object.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            return STRICT.treeToValue(object, KafkaUser.class);
        }
        if (kind.equals("ScaledObject")) {
            assertThat(object.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
            return STRICT.treeToValue(object, ScaledObject.class);
        }
        if (kind.equals("TriggerAuthentication")) {
            assertThat(object.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
            return STRICT.treeToValue(object, TriggerAuthentication.class);
        }
        Class<? extends KubernetesResource> type = KINDS.get(object.path("apiVersion").asText() + "/" + kind);
        assertThat(type).as("a kind this check knows: " + object.path("apiVersion").asText() + " " + kind).isNotNull();
        KubernetesResource resource = STRICT.treeToValue(object, type);
        List<String> leftOver = new ArrayList<>();
        leftovers(resource, kind, leftOver, new IdentityHashMap<>());
        assertThat(leftOver).as("fields the Kubernetes model does not know in " + kind + " "
                + object.path("metadata").path("name").asText()).isEmpty();
        return resource;
    }

    /** fabric8's model keeps unknown fields in additionalProperties instead of failing: any there is a mistake. */
    private static void leftovers(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            items.forEach(item -> leftovers(item, path, found, seen));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> leftovers(item, path, found, seen));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else {
                    leftovers(field, path + "." + getter.getName().substring(3), found, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> cast(List<Object> objects) {
        assertThat(objects).isNotNull();
        return (List<T>) (List<?>) objects;
    }

    private static Set<String> names(List<Object> objects) {
        Set<String> names = new HashSet<>();
        for (Object object : objects) {
            names.add(object instanceof io.fabric8.kubernetes.api.model.HasMetadata resource ? resource.getMetadata().getName()
                    : ((KafkaTopic) object).metadata().name());
        }
        return names;
    }
}
