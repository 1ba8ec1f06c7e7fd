package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The Kafka clients' security settings (issue 15): what each setting amounts to for Kafka, that every client Spring
 * builds gets it from the one property source, and that the consumers roomsync builds itself get the same.
 */
class KafkaClientSecurityTest {

    private static final String STRIMZI_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"roomsync-role-sync\" password=\"s3cret\";";

    /** An environment with the shared defaults and {@code variables} as the process environment. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", variables));
        new RoomsyncDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    /** Every configuration Spring Boot's KafkaProperties builds: what Spring Kafka and both binders start from. */
    private static Map<String, Map<String, Object>> springClients(StandardEnvironment environment) {
        KafkaProperties kafka = Binder.get(environment).bind("spring.kafka", KafkaProperties.class).get();
        Map<String, Map<String, Object>> clients = new HashMap<>();
        clients.put("producer", kafka.buildProducerProperties());
        clients.put("consumer", kafka.buildConsumerProperties());
        clients.put("admin", kafka.buildAdminProperties());
        clients.put("streams", kafka.buildStreamsProperties());
        return clients;
    }

    @Test
    void byDefaultEveryClientSpeaksPlaintextWithoutCredentials() {
        // Given no setting (make run, the tests)
        StandardEnvironment environment = environment(Map.of());

        // Then every client Spring builds, and those roomsync builds, speak PLAINTEXT and carry no SASL setting
        springClients(environment).forEach((client, config) -> {
            assertThat(config).as(client).containsEntry("security.protocol", "PLAINTEXT");
            assertThat(config.keySet()).as(client).noneMatch(key -> key.startsWith("sasl.") || key.startsWith("ssl.truststore"));
        });
        RoomsyncKafkaProperties kafka = Binder.get(environment).bind("roomsync.kafka", RoomsyncKafkaProperties.class).get();
        assertThat(kafka.clientProperties()).isEqualTo(Map.of("bootstrap.servers", "127.0.0.1:9092", "security.protocol", "PLAINTEXT"));
    }

    @Test
    void productionSettingsReachEveryClientSpringBuildsAndThoseRoomsyncBuilds() {
        // Given the variables the prod overlay sets: SASL_SSL, the KafkaUser Secret's JAAS line, the cluster CA
        StandardEnvironment environment = environment(Map.of("ROOMSYNC_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "ROOMSYNC_KAFKA_SASL_JAAS_CONFIG", STRIMZI_JAAS,
                "ROOMSYNC_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/roomsync/kafka-ca/ca.crt",
                "ROOMSYNC_KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS", "roomsync-kafka-bootstrap.kafka:9093"));

        // Then producer, consumer, admin and Kafka Streams configurations all carry exactly these settings
        Map<String, String> expected = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", STRIMZI_JAAS, "ssl.truststore.location", "/etc/roomsync/kafka-ca/ca.crt",
                "ssl.truststore.type", "PEM");
        springClients(environment).forEach((client, config) -> assertThat(config).as(client).containsAllEntriesOf(expected));
        // And the consumers roomsync builds itself (policy replicas, the decision log) start from the same
        RoomsyncKafkaProperties kafka = Binder.get(environment).bind("roomsync.kafka", RoomsyncKafkaProperties.class).get();
        Map<String, Object> own = new HashMap<>(expected);
        own.put("bootstrap.servers", "roomsync-kafka-bootstrap.kafka:9093");
        assertThat(kafka.clientProperties()).isEqualTo(own);
    }

    @Test
    void aSpringKafkaSecuritySettingElsewhereCannotMakeSpringsClientsDisagreeWithRoomsyncsOwn() {
        // Given SASL credentials set the documented way, and a contradicting Spring Kafka property in the environment
        StandardEnvironment environment = environment(Map.of("ROOMSYNC_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "ROOMSYNC_KAFKA_SASL_USERNAME", "roomsync-ingest", "ROOMSYNC_KAFKA_SASL_PASSWORD", "pw",
                "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "PLAINTEXT"));

        // Then every client Spring builds authenticates as the consumers roomsync builds do
        springClients(environment).forEach((client, config) ->
                assertThat(config).as(client).containsEntry("security.protocol", "SASL_PLAINTEXT"));
    }

    @Test
    void aUserAndPasswordBecomeAScramJaasLineWithQuotesEscaped() {
        // Given SCRAM over SASL_PLAINTEXT with a user name and a password holding a quote and a backslash
        KafkaClientSecurity security = new KafkaClientSecurity("sasl_plaintext", "SCRAM-SHA-256", "roomsync-ingest",
                "pa\"ss\\word", null, null, null, null);

        // Then Kafka gets the mechanism and a JAAS line its parser reads back as the same password
        assertThat(security.clientProperties()).isEqualTo(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"roomsync-ingest\" password=\"pa\\\"ss\\\\word\";"));
        JaasContext parsed = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password(security.clientProperties().get("sasl.jaas.config"))));
        assertThat(parsed.configurationEntries().get(0).getOptions()).isEqualTo(Map.of("username", "roomsync-ingest", "password", "pa\"ss\\word"));
        assertThat(security.toString()).doesNotContain("pa\"ss").contains("roomsync-ingest");
    }

    @Test
    void settingsThatDoNotFitTogetherStopTheStartWithTheVariableToSet() {
        // SASL without credentials
        assertThatThrownBy(() -> environment(Map.of("ROOMSYNC_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("ROOMSYNC_KAFKA_SASL_JAAS_CONFIG");
        // Both forms of credentials
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_SSL", null, "u", "p", STRIMZI_JAAS, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        // A user without a password
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_SSL", null, "u", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ROOMSYNC_KAFKA_SASL_USERNAME and ROOMSYNC_KAFKA_SASL_PASSWORD go together");
        // Credentials the PLAINTEXT clients would never send
        assertThatThrownBy(() -> environment(Map.of("ROOMSYNC_KAFKA_SASL_USERNAME", "u", "ROOMSYNC_KAFKA_SASL_PASSWORD", "p")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("protocol is PLAINTEXT");
        // A truststore without TLS
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_PLAINTEXT", null, "u", "p", null, "/ca.crt", "PEM", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set it to SASL_SSL");
        // An unknown protocol or mechanism
        assertThatThrownBy(() -> KafkaClientSecurity.scram("SSL", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'SSL'");
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_SSL", "PLAIN", "u", "p", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'PLAIN'");
    }
}
