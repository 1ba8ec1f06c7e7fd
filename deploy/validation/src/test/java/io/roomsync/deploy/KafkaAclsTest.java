package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production overlay's Kafka identities (issue 15): one Strimzi KafkaUser per service whose ACLs are exactly what
 * the service does with Kafka (below, and cross-checked with the topics its application.yml binds), and the rules
 * the README states: only ingest writes im-events, only role-sync writes member-state and command-results, member
 * commands come from role-sync, moderation and the users an operator marks {@value #SENDS_COMMANDS}; and KEDA's own
 * user, {@value #KEDA}, which its lag triggers authenticate as and which may only describe what they watch.
 */
class KafkaAclsTest {

    /** The label an operator puts on another team's KafkaUser allowed to send member commands. */
    static final String SENDS_COMMANDS = "roomsync.io/sends-member-commands";

    /** KEDA's own KafkaUser: its Kafka lag triggers read the consumer groups' offsets as it. */
    static final String KEDA = "roomsync-keda";

    /**
     * What a service does with Kafka: topics it reads, topics it writes, topics it creates itself, and its Kafka
     * Streams application id (prefix of its internal topics, consumer groups and transactional ids), or null.
     */
    record Access(Set<String> reads, Set<String> writes, Set<String> creates, String streamsApp) {
    }

    private static final String OBSERVATIONS = "role-sync.reconcile-observations.v1";
    private static final String RESULTS_BY_ID = "role-sync.command-results-by-id.v1";
    static final Map<String, Access> SERVICES = Map.of(
            "ingest", new Access(Set.of(t("moderation-policy")), Set.of(t("im-events")), Set.of(), null),
            "role-sync", new Access(
                    Set.of(t("member-commands"), t("im-events"), OBSERVATIONS, t("member-state"), RESULTS_BY_ID),
                    Set.of(t("member-state"), t("command-results"), t("member-commands"), OBSERVATIONS, RESULTS_BY_ID,
                            dlq(t("member-commands")), dlq(t("im-events")), dlq(OBSERVATIONS), dlq(t("member-state")),
                            dlq(RESULTS_BY_ID)),
                    Set.of(OBSERVATIONS, RESULTS_BY_ID, dlq(OBSERVATIONS), dlq(RESULTS_BY_ID)), "roomsync-role-sync"),
            "moderation", new Access(
                    Set.of(t("im-events"), t("member-state"), t("moderation-policy"), t("moderation-decisions")),
                    Set.of(t("member-commands"), t("moderation-decisions"), t("moderation-policy"), dlq(t("im-events")),
                            dlq(t("member-state"))), Set.of(), "roomsync-moderation"),
            "notice-dispatch", new Access(Set.of(t("member-state"), t("notices")),
                    Set.of(dlq(t("member-state")), dlq(t("notices"))), Set.of(), "roomsync-notice-dispatch"));

    /** Who may write each topic the README restricts; member-commands also the users labelled {@link #SENDS_COMMANDS}. */
    private static final Map<String, Set<String>> ONLY_WRITERS = Map.of(
            t("im-events"), Set.of("roomsync-ingest"),
            t("member-state"), Set.of("roomsync-role-sync"),
            t("command-results"), Set.of("roomsync-role-sync"),
            t("member-commands"), Set.of("roomsync-role-sync", "roomsync-moderation"));

    private static final ObjectMapper YAML = new YAMLMapper();
    private static List<ManifestsTest.KafkaUser> users;

    @BeforeAll
    static void render() throws Exception {
        users = new ArrayList<>();
        for (JsonNode object : ManifestsTest.render("prod")) {
            if (object.path("kind").asText().equals("KafkaUser")) {
                users.add((ManifestsTest.KafkaUser) ManifestsTest.read(object));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "role-sync", "moderation", "notice-dispatch"})
    void eachServiceHasItsOwnIdentityWithExactlyTheAclsOfWhatItDoes(String service) throws IOException {
        Access access = SERVICES.get(service);
        // Given what the service binds in its application.yml, Then the declared access covers it
        Bindings bindings = Bindings.of(service);
        assertThat(access.reads()).as(service + " reads every topic it binds").containsAll(bindings.destinations());
        assertThat(access.writes()).as(service + " may write every dead-letter twin it names").containsAll(bindings.deadLetters());
        bindings.applicationIds().forEach(id -> assertThat(id).as(service + " Kafka Streams id").startsWith(access.streamsApp()));

        // And its KafkaUser (SCRAM, simple authorization) grants exactly that
        ManifestsTest.KafkaUser user = user("roomsync-" + service);
        assertThat(user.spec().authentication().type()).isEqualTo("scram-sha-512");
        assertThat(user.spec().authorization().type()).isEqualTo("simple");
        assertThat(grants(user)).as(service + "'s ACLs").isEqualTo(expected(access));
    }

    @Test
    void onlyTheNamedServicesWriteTheTopicsTheyOwnAndCommandsComeFromListedSendersOnly() {
        for (ManifestsTest.KafkaUser user : users) {
            for (String grant : grants(user)) {
                String[] parts = grant.split(" ");
                if (!parts[0].equals("topic") || !(parts[3].equals("Write") || parts[3].equals("All"))) {
                    continue;
                }
                for (Map.Entry<String, Set<String>> owned : ONLY_WRITERS.entrySet()) {
                    boolean covers = parts[1].equals("literal") ? parts[2].equals(owned.getKey()) : owned.getKey().startsWith(parts[2]);
                    boolean listedSender = owned.getKey().equals(t("member-commands")) && user.metadata().labels() != null
                            && "true".equals(user.metadata().labels().get(SENDS_COMMANDS));
                    if (covers && !listedSender) {
                        assertThat(owned.getValue()).as(user.metadata().name() + " may write " + owned.getKey())
                                .contains(user.metadata().name());
                    }
                }
            }
        }
        assertThat(users).extracting(user -> user.metadata().name()).containsExactlyInAnyOrder(
                "roomsync-ingest", "roomsync-role-sync", "roomsync-moderation", "roomsync-notice-dispatch", KEDA);
    }

    @Test
    void inProductionKedaReadsTheConsumerLagAsItsOwnUserOverTlsWithDescribeOnly() throws Exception {
        // Given the prod overlay: its lag triggers, KEDA's TriggerAuthentications and the ConfigMaps they read
        List<JsonNode> prod = ManifestsTest.render("prod");
        List<ManifestsTest.ScaledObject> scaled = new ArrayList<>();
        Map<String, ManifestsTest.TriggerAuthentication> authentications = new TreeMap<>();
        Map<String, JsonNode> configMaps = new TreeMap<>();
        for (JsonNode object : prod) {
            switch (object.path("kind").asText()) {
                case "ScaledObject" -> scaled.add((ManifestsTest.ScaledObject) ManifestsTest.read(object));
                case "TriggerAuthentication" -> {
                    var authentication = (ManifestsTest.TriggerAuthentication) ManifestsTest.read(object);
                    authentications.put(authentication.metadata().name(), authentication);
                }
                case "ConfigMap" -> configMaps.put(object.path("metadata").path("name").asText(), object.path("data"));
                default -> { }
            }
        }
        String bootstrap = configMaps.entrySet().stream().filter(c -> c.getKey().startsWith("roomsync-config")).findFirst()
                .orElseThrow().getValue().path("ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS").asText();
        assertThat(scaled).as("the Streams services' lag triggers").hasSize(3);

        Set<String> watched = new TreeSet<>();
        for (ManifestsTest.ScaledObject object : scaled) {
            for (ManifestsTest.Trigger trigger : object.spec().triggers()) {
                String name = "ScaledObject " + object.metadata().name();
                // Then each trigger authenticates, on the services' TLS listener
                assertThat(trigger.type()).as(name).isEqualTo("kafka");
                assertThat(trigger.authenticationRef()).as(name + " authenticationRef").isNotNull();
                assertThat(trigger.metadata()).as(name).containsEntry("bootstrapServers", bootstrap);
                // as KEDA's KafkaUser: SCRAM-SHA-512 with the password Strimzi writes for it, brokers checked against the cluster CA
                ManifestsTest.TriggerAuthentication authentication = authentications.get(trigger.authenticationRef().name());
                assertThat(authentication).as(name + ": TriggerAuthentication " + trigger.authenticationRef().name()).isNotNull();
                assertThat(parameters(authentication, configMaps)).as(name).isEqualTo(Map.of(
                        "sasl", "scram_sha512", "tls", "enable", "username", KEDA,
                        "password", "Secret " + KEDA + "/password", "ca", "Secret roomsync-cluster-ca-cert/ca.crt"));
                watched.add("topic literal " + trigger.metadata().get("topic") + " Describe");
                watched.add("group literal " + trigger.metadata().get("consumerGroup") + " Describe");
            }
        }
        // And KEDA's user may only describe the groups and topics it watches: never read a record, write or join a group
        ManifestsTest.KafkaUser keda = user(KEDA);
        assertThat(keda.spec().authentication().type()).isEqualTo("scram-sha-512");
        assertThat(keda.spec().authorization().type()).isEqualTo("simple");
        assertThat(grants(keda)).as(KEDA + "'s ACLs").isEqualTo(watched);
    }

    /**
     * A TriggerAuthentication's parameters: a ConfigMap's value as it is (the ConfigMap must be in the overlay), a
     * Secret's as {@code "Secret <name>/<key>"} (Secrets are never in the overlay).
     */
    private static Map<String, String> parameters(ManifestsTest.TriggerAuthentication authentication, Map<String, JsonNode> configMaps) {
        Map<String, String> parameters = new TreeMap<>();
        for (ManifestsTest.TargetRef ref : Objects.requireNonNullElse(authentication.spec().configMapTargetRef(), List.<ManifestsTest.TargetRef>of())) {
            JsonNode value = configMaps.getOrDefault(ref.name(), YAML.createObjectNode()).path(ref.key());
            assertThat(value.isTextual()).as("ConfigMap " + ref.name() + " key " + ref.key()).isTrue();
            parameters.put(ref.parameter(), value.asText());
        }
        for (ManifestsTest.TargetRef ref : Objects.requireNonNullElse(authentication.spec().secretTargetRef(), List.<ManifestsTest.TargetRef>of())) {
            parameters.put(ref.parameter(), "Secret " + ref.name() + "/" + ref.key());
        }
        return parameters;
    }

    @Test
    void everyTopicAnAclNamesExistsOrIsCreatedByItsService() throws Exception {
        Set<String> topics = new TreeSet<>();
        for (JsonNode object : ManifestsTest.render("prod")) {
            if (object.path("kind").asText().equals("KafkaTopic")) {
                topics.add(object.path("spec").path("topicName").asText());
            }
        }
        SERVICES.values().forEach(access -> topics.addAll(access.creates()));
        for (ManifestsTest.KafkaUser user : users) {
            user.spec().authorization().acls().stream()
                    .filter(acl -> acl.resource().type().equals("topic") && acl.resource().patternType().equals("literal"))
                    .forEach(acl -> assertThat(topics).as(user.metadata().name()).contains(acl.resource().name()));
        }
    }

    @Test
    void inProductionEachServiceAuthenticatesAsItsOwnKafkaUserOverTls() throws Exception {
        List<JsonNode> prod = ManifestsTest.render("prod");
        // Given the prod overlay's settings: SCRAM over TLS, brokers checked against the cluster CA's certificate
        JsonNode config = prod.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.path("metadata").path("name").asText().startsWith("roomsync-config")).findFirst().orElseThrow().path("data");
        assertThat(config.path("ROOMSYNC_KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.path("ROOMSYNC_KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(config.path("ROOMSYNC_KAFKA_SSL_TRUSTSTORE_TYPE").asText()).isEqualTo("PEM");
        String truststore = config.path("ROOMSYNC_KAFKA_SSL_TRUSTSTORE_LOCATION").asText();

        for (String service : SERVICES.keySet()) {
            JsonNode pod = prod.stream().filter(o -> o.path("kind").asText().matches("Deployment|StatefulSet")
                    && o.path("metadata").path("name").asText().equals(service)).findFirst().orElseThrow().path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            // Then its JAAS line is the one Strimzi writes for its own KafkaUser, and no other user's
            List<String> secrets = new ArrayList<>();
            container.path("env").forEach(env -> {
                if (env.path("name").asText().startsWith("ROOMSYNC_KAFKA_SASL")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    secrets.add(env.path("name").asText() + "=" + ref.path("name").asText() + "/" + ref.path("key").asText());
                }
            });
            assertThat(secrets).as(service).containsExactly("ROOMSYNC_KAFKA_SASL_JAAS_CONFIG=roomsync-" + service + "/sasl.jaas.config");
            user("roomsync-" + service);
            // And the cluster CA is mounted where the truststore setting points
            String mount = null;
            for (JsonNode volumeMount : container.path("volumeMounts")) {
                if (volumeMount.path("name").asText().equals("kafka-cluster-ca")) {
                    mount = volumeMount.path("mountPath").asText();
                }
            }
            assertThat(mount).as(service).isNotNull();
            assertThat(truststore).as(service).isEqualTo(mount + "/ca.crt");
            assertThat(pod.path("volumes").toString()).as(service)
                    .contains("\"secretName\":\"roomsync-cluster-ca-cert\"").contains("\"key\":\"ca.crt\"");
        }
    }

    /** Each grant as {@code "<type> <pattern> <name> <operation>"}. */
    private static Set<String> grants(ManifestsTest.KafkaUser user) {
        Set<String> grants = new TreeSet<>();
        for (ManifestsTest.Acl acl : user.spec().authorization().acls()) {
            for (String operation : acl.operations()) {
                grants.add(acl.resource().type() + " " + acl.resource().patternType() + " " + acl.resource().name() + " " + operation);
            }
        }
        return grants;
    }

    private static Set<String> expected(Access access) {
        Set<String> grants = new TreeSet<>();
        access.reads().forEach(topic -> grants.addAll(Set.of("topic literal " + topic + " Read", "topic literal " + topic + " Describe")));
        access.writes().forEach(topic -> grants.addAll(Set.of("topic literal " + topic + " Write", "topic literal " + topic + " Describe")));
        access.creates().forEach(topic -> grants.add("topic literal " + topic + " Create"));
        if (access.streamsApp() != null) {
            grants.add("topic prefix " + access.streamsApp() + " All");
            grants.add("group prefix " + access.streamsApp() + " Read");
            grants.add("transactionalId prefix " + access.streamsApp() + " Write");
            grants.add("transactionalId prefix " + access.streamsApp() + " Describe");
        }
        return grants;
    }

    private static ManifestsTest.KafkaUser user(String name) {
        return users.stream().filter(user -> user.metadata().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser " + name + " in overlays/prod"));
    }

    private static String t(String name) {
        return "roomsync." + name + ".v1";
    }

    private static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** The topics a service's application.yml binds, with the shared defaults' topic names resolved. */
    record Bindings(Set<String> destinations, Set<String> deadLetters, Set<String> applicationIds) {

        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

        static Bindings of(String service) throws IOException {
            JsonNode defaults = YAML.readTree(ManifestsTest.ROOT.resolve(
                    "libs/service-support/src/main/resources/roomsync-defaults.yml").toFile());
            JsonNode yml = YAML.readTree(ManifestsTest.ROOT.resolve("services/" + service + "/src/main/resources/application.yml").toFile());
            Set<String> destinations = new TreeSet<>();
            Set<String> deadLetters = new TreeSet<>();
            Set<String> ids = new TreeSet<>();
            collect(yml, defaults, destinations, deadLetters, ids);
            return new Bindings(destinations, deadLetters, ids);
        }

        private static void collect(JsonNode node, JsonNode defaults, Set<String> destinations, Set<String> deadLetters, Set<String> ids) {
            node.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    switch (field.getKey()) {
                        case "destination" -> destinations.add(resolve(value.asText(), defaults));
                        case "dlq-name" -> deadLetters.add(resolve(value.asText(), defaults));
                        case "application-id" -> ids.add(resolve(value.asText(), defaults));
                        default -> { }
                    }
                } else if (value.isObject()) {
                    collect(value, defaults, destinations, deadLetters, ids);
                }
            });
        }

        /** {@code ${roomsync.topics.x}} from the shared defaults, {@code ${key:default}} as its default. */
        private static String resolve(String text, JsonNode defaults) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            StringBuilder resolved = new StringBuilder();
            while (placeholder.find()) {
                String key = placeholder.group(1);
                String value = key.startsWith("roomsync.topics.")
                        ? defaults.path("roomsync").path("topics").path(key.substring("roomsync.topics.".length())).asText()
                        : placeholder.group(2) == null ? "" : placeholder.group(2);
                placeholder.appendReplacement(resolved, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(resolved);
            return resolved.toString();
        }
    }
}
