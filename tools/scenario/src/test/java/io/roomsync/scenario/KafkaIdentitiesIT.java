package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roomsync.contract.Topic;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.KafkaBroker;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.SchemaRegistry;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services' Kafka identities for real (issue 15): the project's own broker runs as production's does, a SASL/SCRAM
 * listener only and the StandardAuthorizer, with each service's SCRAM user and exactly the ACLs of its KafkaUser in
 * the prod overlay ({@code deploy/k8s/overlays/prod/kafka-users.yaml}, read here, not copied). The four services run
 * from their built jars, each given its credentials by environment only ({@code ROOMSYNC_KAFKA_SECURITY_PROTOCOL} and
 * user and password, or role-sync the JAAS line as a Strimzi Secret holds it). The broker serves no client that does
 * not authenticate, so a service whose producer, consumer, admin client, Kafka Streams client or own consumer were
 * left without the settings would not become ready or would not carry the flow below; and a principal is refused
 * what its ACLs do not allow.
 */
class KafkaIdentitiesIT {

    private static final String ADMIN = "kafka-admin";
    /** Each service's Kafka user (its KafkaUser's name) and password; "stranger" authenticates but has no ACL. */
    private static final Map<String, String> PASSWORDS = Map.of("roomsync-ingest", "ingest-pw", "roomsync-role-sync",
            "role-sync-pw", "roomsync-moderation", "moderation-pw", "roomsync-notice-dispatch", "notice-dispatch-pw",
            "stranger", "stranger-pw");
    private static final Path ROOT = Path.of(System.getProperty("roomsync.stack.home", "../../libs/process-stack/target/stack"))
            .toAbsolutePath().normalize().getParent().getParent().getParent().getParent();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ROOM = "kafka_identities";

    private static KafkaBroker broker;
    private static SchemaRegistry registry;
    private static TimEmulator emulator;
    private static LocalStack processes;
    private static String roleSync;
    private static String moderation;

    @BeforeAll
    static void startTheSecuredStack() throws Exception {
        Path stackHome = ROOT.resolve("libs/process-stack/target/stack");
        Path work = Files.createTempDirectory(Files.createDirectories(ROOT.resolve("tools/scenario/target")), "kafka-identities-");
        int kafkaPort = TestStack.freePortNumber();
        broker = KafkaBroker.start(new KafkaBroker.Config(stackHome.resolve("kafka-libs"), work.resolve("kafka"), kafkaPort,
                TestStack.freePortNumber(), work.resolve("kafka.log"), "384m",
                new KafkaBroker.Scram(ADMIN, "admin-pw", PASSWORDS)), Duration.ofSeconds(120));
        registry = SchemaRegistry.start(new SchemaRegistry.Config(stackHome.resolve("apicurio"), TestStack.freePortNumber(),
                TestStack.freePortNumber(), work.resolve("registry.log"), work.resolve("registry/db"), "256m"), Duration.ofSeconds(120));
        // As Strimzi would: the catalogue's topics (KafkaTopic resources) and the KafkaUsers' ACLs, by the super user.
        try (Admin admin = Admin.create(client(ADMIN, "admin-pw"))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                topics.add(new NewTopic(topic.defaultName(), 3, (short) 1).configs(topic.configs()));
                topics.add(new NewTopic(topic.dlqName(), 3, (short) 1).configs(Topic.dlqConfigs()));
            }
            admin.createTopics(topics).all().get();
            admin.createAcls(prodOverlayAcls()).all().get();
        }

        int ingestPort = TestStack.freePortNumber();
        emulator = TimEmulator.start(EmulatorConfig.dev(0, "http://127.0.0.1:" + ingestPort + "/tencent-im/callback"));
        Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
        ports.put(StackService.TIM_EMULATOR, emulator.port());
        ports.put(StackService.INGEST, ingestPort);
        for (StackService service : List.of(StackService.ROLE_SYNC, StackService.MODERATION, StackService.NOTICE_DISPATCH)) {
            ports.put(service, TestStack.freePortNumber());
        }
        int registryPort = Integer.parseInt(registry.apiUrl().replaceAll("^http://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        processes = new LocalStack(new LocalStack.Layout(ROOT, stackHome, work.resolve("services"), kafkaPort, 0, registryPort, 0, ports));
        processes.startService(StackService.INGEST, credentials("roomsync-ingest", work));
        // role-sync gets the JAAS line, as the KafkaUser's Secret holds it (key sasl.jaas.config); the others user and password.
        Map<String, String> roleSyncEnv = new LinkedHashMap<>(credentials("roomsync-role-sync", work));
        roleSyncEnv.remove("ROOMSYNC_KAFKA_SASL_USERNAME");
        roleSyncEnv.remove("ROOMSYNC_KAFKA_SASL_PASSWORD");
        roleSyncEnv.put("ROOMSYNC_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"roomsync-role-sync\" password=\"" + PASSWORDS.get("roomsync-role-sync") + "\";");
        processes.startService(StackService.ROLE_SYNC, roleSyncEnv);
        processes.startService(StackService.MODERATION, credentials("roomsync-moderation", work));
        processes.startService(StackService.NOTICE_DISPATCH, credentials("roomsync-notice-dispatch", work));
        roleSync = "http://127.0.0.1:" + ports.get(StackService.ROLE_SYNC);
        moderation = "http://127.0.0.1:" + ports.get(StackService.MODERATION);
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.down();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (registry != null) {
            registry.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void eachServiceWithItsOwnCredentialsAndAclsCarriesTheWholeFlow() {
        // Given the four services ready (each one's readiness includes its Kafka Streams threads and policy replica),
        // When a viewer joins a room in Tencent (a callback ingest publishes as roomsync-ingest)
        Http.call("POST", control("rooms"), Map.of("groupId", ROOM, "name", "Kafka identities", "owner", "host_1"));
        Http.call("POST", control("rooms/" + ROOM + "/join"), Map.of("users", List.of("viewer_1", "viewer_2")));

        // Then role-sync (Kafka Streams as roomsync-role-sync) reads it and writes the member's state, which its view reads
        JsonNode present = await(() -> Http.call("GET", roleSync + "/v1/rooms/" + ROOM + "/members/viewer_1", null),
                member -> member.path("present").asBoolean());
        assertThat(present.path("role").asText()).isEqualTo("MEMBER");

        // When an operator grants admin through role-sync's API (its producer writes the command)
        String commandId = Http.call("POST", roleSync + "/v1/rooms/" + ROOM + "/members/viewer_1/admin", "{}")
                .path("commandId").asText();

        // Then the command is applied in Tencent, its result published and the member's state updated
        await(() -> Http.call("GET", control("rooms/" + ROOM), null), room -> room.path("admins").toString().contains("\"viewer_1\""));
        assertThat(await(() -> Http.call("GET", roleSync + "/v1/commands/" + commandId, null), result -> true)
                .path("commandId").asText()).isEqualTo(commandId);
        assertThat(await(() -> Http.call("GET", roleSync + "/v1/rooms/" + ROOM + "/members/viewer_1", null),
                member -> member.path("role").asText().equals("ADMIN")).path("role").asText()).isEqualTo("ADMIN");

        // When moderation's policy API writes a rule (as roomsync-moderation), read back by its own policy replica
        long revision = Http.call("PUT", moderation + "/v1/policies/" + ROOM, Map.of("bannedTerms", List.of("spamshop"),
                "floodMessages", 5, "floodWindowSeconds", 10, "ladder", List.of(Map.of("offences", 1, "sanction", "MUTE",
                        "seconds", 600)))).path("revision").asLong();
        await(() -> Http.call("GET", moderation + "/v1/policies/" + ROOM, null), policy -> policy.path("revision").asLong() == revision);

        // And a viewer posts the banned term
        Http.call("POST", control("rooms/" + ROOM + "/messages"), Map.of("from", "viewer_2", "text", "cheap at spamshop"));

        // Then moderation (Kafka Streams) sanctions it with a command role-sync applies in Tencent, and the decisions
        // API (moderation's own consumer of the decisions topic) shows the decision
        await(() -> Http.call("GET", control("rooms/" + ROOM), null), room -> room.path("muted").has("viewer_2"));
        JsonNode decisions = await(() -> Http.call("GET", moderation + "/v1/rooms/" + ROOM + "/decisions", null),
                list -> list.size() > 0);
        assertThat(decisions.toString()).contains("viewer_2");
    }

    @Test
    void aPrincipalIsRefusedWhatItsAclsDoNotAllow() {
        // Given ingest's own credentials, When it tries to write member state (only role-sync may)
        // Then the broker refuses it
        assertThat(refusal("roomsync-ingest", PASSWORDS.get("roomsync-ingest"), Topic.MEMBER_STATE.defaultName()))
                .isInstanceOf(TopicAuthorizationException.class)
                .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                        .containsExactly(Topic.MEMBER_STATE.defaultName()));

        // Given a user that authenticates but no KafkaUser gave rights, When it sends a member command (a GRANT_ADMIN
        // from anyone who reached the brokers was the review's finding), Then it is refused
        assertThat(refusal("stranger", PASSWORDS.get("stranger"), Topic.MEMBER_COMMANDS.defaultName()))
                .isInstanceOf(TopicAuthorizationException.class)
                .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                        .containsExactly(Topic.MEMBER_COMMANDS.defaultName()));

        // Given role-sync's user name with a wrong password, Then it does not authenticate
        assertThat(refusal("roomsync-role-sync", "not-the-password", Topic.MEMBER_COMMANDS.defaultName()))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutCredentialsIsNotServed() {
        // Given a PLAINTEXT client (no credentials), When it sends a member command
        Properties anonymous = new Properties();
        anonymous.put("bootstrap.servers", broker.bootstrapServers());
        anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        Throwable refusal = refusal(anonymous, Topic.MEMBER_COMMANDS.defaultName());

        // Then the SASL listener never serves it: the producer never learns of the topic
        assertThat(refusal).isInstanceOf(TimeoutException.class).hasMessageContaining("not present in metadata");
    }

    /** The environment giving a service its Kafka identity, as the prod overlay does, plus its own state directory. */
    private static Map<String, String> credentials(String user, Path work) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROOMSYNC_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("ROOMSYNC_KAFKA_SASL_USERNAME", user);
        env.put("ROOMSYNC_KAFKA_SASL_PASSWORD", PASSWORDS.get(user));
        // As in production (deploy/k8s/base/config.yaml): topics exist already; the services may not create them.
        env.put("ROOMSYNC_KAFKA_CREATE_TOPICS", "false");
        env.put("ROOMSYNC_ROLE_SYNC_STATE_DIR", work.resolve("state/role-sync").toString());
        env.put("ROOMSYNC_MODERATION_STATE_DIR", work.resolve("state/moderation").toString());
        env.put("ROOMSYNC_NOTICES_STATE_DIR", work.resolve("state/notices").toString());
        return env;
    }

    private static Properties client(String user, String password) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return properties;
    }

    private static Throwable refusal(String user, String password, String topic) {
        return refusal(client(user, password), topic);
    }

    /** What sending one record to {@code topic} with these client settings fails with (the test fails if it is sent). */
    private static Throwable refusal(Properties settings, String topic) {
        Properties properties = new Properties();
        properties.putAll(settings);
        // Without idempotence the refusal names the topic (an idempotent producer is refused its producer id first).
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "live_1", "not for you")).get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the record was written to " + topic);
    }

    /**
     * The ACLs of every KafkaUser in the prod overlay, as Strimzi's User Operator would create them (simple
     * authorization: allow, from any host, for {@code User:<the KafkaUser's name>}).
     */
    static List<AclBinding> prodOverlayAcls() throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(ROOT.resolve("deploy/k8s/overlays/prod/kafka-users.yaml").toFile())) {
            for (JsonNode user : documents.readAll()) {
                if (!user.path("kind").asText().equals("KafkaUser")) {
                    continue;
                }
                String principal = "User:" + user.path("metadata").path("name").asText();
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(ResourceType.valueOf(constant(resource.path("type").asText())),
                            resource.path("type").asText().equals("cluster") ? "kafka-cluster" : resource.path("name").asText(),
                            resource.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode operation : acl.path("operations")) {
                        bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, acl.path("host").asText("*"),
                                AclOperation.valueOf(constant(operation.asText())),
                                acl.path("type").asText("allow").equals("deny") ? AclPermissionType.DENY : AclPermissionType.ALLOW)));
                    }
                }
            }
        }
        // Every service's user is there (KEDA's own, Describe only, is applied too: the overlay is taken whole).
        assertThat(bindings.stream().map(binding -> binding.entry().principal()).distinct())
                .contains("User:roomsync-ingest", "User:roomsync-role-sync", "User:roomsync-moderation",
                        "User:roomsync-notice-dispatch");
        return bindings;
    }

    /** Strimzi's camel-case name as Kafka's enum constant: {@code transactionalId} → {@code TRANSACTIONAL_ID}. */
    private static String constant(String strimziName) {
        return strimziName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String control(String path) {
        return emulator.baseUrl() + "/emulator/" + path;
    }

    /** Asks until the answer satisfies {@code done} (a 404 or refused call counts as not yet), at most {@link #PATIENCE}. */
    private static JsonNode await(Supplier<JsonNode> ask, java.util.function.Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode answer = ask.get();
                if (done.test(answer)) {
                    return answer;
                }
            } catch (Http.Refused e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not reached within " + PATIENCE + (last == null ? "" : "; last refusal: " + last.getMessage()));
    }
}
