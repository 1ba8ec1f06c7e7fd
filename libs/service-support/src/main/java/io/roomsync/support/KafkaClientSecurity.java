package io.roomsync.support;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How every Kafka client of a roomsync service authenticates to the brokers ({@code roomsync.kafka.security.*};
 * defaults in roomsync-defaults.yml, README "Security", Kafka). One setting for every client: the producers, consumers
 * and admin clients Spring Kafka builds, the Kafka Streams binder's clients (its Kafka Streams, dead-letter producer,
 * admin), and the consumers roomsync builds itself ({@link CompactedTopicReplica}, moderation's decision log); see
 * {@link RoomsyncDefaultsEnvironmentPostProcessor} and {@link RoomsyncKafkaProperties#clientProperties()}.
 *
 * <p>Credentials come either as a user name and password (SCRAM: the JAAS line is built here) or as a whole JAAS
 * line, as Strimzi writes it in a {@code KafkaUser}'s Secret (key {@code sasl.jaas.config}).
 *
 * @param protocol           Kafka's {@code security.protocol}: {@code PLAINTEXT} (default: {@code make run}, the tests),
 *                           {@code SASL_PLAINTEXT}, or {@code SASL_SSL} (production: SCRAM over TLS); env
 *                           {@code ROOMSYNC_KAFKA_SECURITY_PROTOCOL}
 * @param saslMechanism      {@code SCRAM-SHA-512} (default; Strimzi's {@code scram-sha-512}) or {@code SCRAM-SHA-256};
 *                           env {@code ROOMSYNC_KAFKA_SASL_MECHANISM}
 * @param saslUsername       the Kafka user (Strimzi: the {@code KafkaUser}'s name); env {@code ROOMSYNC_KAFKA_SASL_USERNAME}
 * @param saslPassword       its password; env {@code ROOMSYNC_KAFKA_SASL_PASSWORD}
 * @param saslJaasConfig     instead of user name and password, a whole JAAS line (Kafka's {@code sasl.jaas.config});
 *                           env {@code ROOMSYNC_KAFKA_SASL_JAAS_CONFIG}
 * @param truststoreLocation with {@code SASL_SSL}: the file of the CA certificates the brokers' certificates are checked
 *                           against (Strimzi: the cluster CA's {@code ca.crt}); blank: the JVM's default CAs; env
 *                           {@code ROOMSYNC_KAFKA_SSL_TRUSTSTORE_LOCATION}
 * @param truststoreType     its format, {@code PEM}, {@code PKCS12} or {@code JKS} (blank: Kafka's default, JKS); env
 *                           {@code ROOMSYNC_KAFKA_SSL_TRUSTSTORE_TYPE}
 * @param truststorePassword its password (not for PEM); env {@code ROOMSYNC_KAFKA_SSL_TRUSTSTORE_PASSWORD}
 * @throws IllegalArgumentException when the settings do not fit together (the service then refuses to start): an
 *                                  unknown protocol or mechanism, SASL without credentials or with both forms of them,
 *                                  credentials or a truststore with a protocol that would not use them
 */
public record KafkaClientSecurity(String protocol, String saslMechanism, String saslUsername, String saslPassword,
                                  String saslJaasConfig, String truststoreLocation, String truststoreType,
                                  String truststorePassword) {

    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    public static final String SASL_SSL = "SASL_SSL";
    private static final Set<String> PROTOCOLS = Set.of(PLAINTEXT, SASL_PLAINTEXT, SASL_SSL);
    private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public KafkaClientSecurity {
        protocol = upper(protocol, PLAINTEXT);
        saslMechanism = upper(saslMechanism, "SCRAM-SHA-512");
        saslUsername = blankToEmpty(saslUsername);
        saslPassword = saslPassword == null ? "" : saslPassword;
        saslJaasConfig = blankToEmpty(saslJaasConfig);
        truststoreLocation = blankToEmpty(truststoreLocation);
        truststoreType = upper(truststoreType, "");
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("roomsync.kafka.security.protocol (ROOMSYNC_KAFKA_SECURITY_PROTOCOL) must be one of "
                    + "PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, not '" + protocol + "'");
        }
        boolean sasl = !protocol.equals(PLAINTEXT);
        boolean userAndPassword = !saslUsername.isEmpty() || !saslPassword.isEmpty();
        if (!sasl && (userAndPassword || !saslJaasConfig.isEmpty())) {
            // Credentials an operator set but the clients would not send: the brokers would refuse them, or worse, not.
            throw new IllegalArgumentException("Kafka credentials are set but roomsync.kafka.security.protocol is PLAINTEXT; "
                    + "set ROOMSYNC_KAFKA_SECURITY_PROTOCOL to SASL_SSL (or SASL_PLAINTEXT)");
        }
        if (sasl) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException("roomsync.kafka.security.sasl-mechanism (ROOMSYNC_KAFKA_SASL_MECHANISM) must be "
                        + "SCRAM-SHA-512 or SCRAM-SHA-256, not '" + saslMechanism + "'");
            }
            if (userAndPassword == !saslJaasConfig.isEmpty()) {
                throw new IllegalArgumentException(protocol + " needs Kafka credentials: either ROOMSYNC_KAFKA_SASL_USERNAME and "
                        + "ROOMSYNC_KAFKA_SASL_PASSWORD, or ROOMSYNC_KAFKA_SASL_JAAS_CONFIG (a KafkaUser's sasl.jaas.config), not both");
            }
            if (userAndPassword && (saslUsername.isEmpty() || saslPassword.isEmpty())) {
                throw new IllegalArgumentException("ROOMSYNC_KAFKA_SASL_USERNAME and ROOMSYNC_KAFKA_SASL_PASSWORD go together");
            }
        }
        if (!protocol.equals(SASL_SSL) && !(truststoreLocation.isEmpty() && truststoreType.isEmpty() && truststorePassword.isEmpty())) {
            throw new IllegalArgumentException("a Kafka truststore is set but roomsync.kafka.security.protocol is " + protocol
                    + ", which does not use TLS; set it to SASL_SSL");
        }
    }

    /** Plaintext without authentication: the local broker of {@code make run} and the tests. */
    public static KafkaClientSecurity plaintext() {
        return new KafkaClientSecurity(PLAINTEXT, null, null, null, null, null, null, null);
    }

    /** SCRAM-SHA-512 with a user name and password over {@code protocol} ({@code SASL_PLAINTEXT} or {@code SASL_SSL}). */
    public static KafkaClientSecurity scram(String protocol, String username, String password) {
        return new KafkaClientSecurity(protocol, null, username, password, null, null, null, null);
    }

    /**
     * The Kafka client settings these amount to, by Kafka's names ({@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config}, {@code ssl.truststore.*}); only {@code security.protocol} for PLAINTEXT. The same map
     * for a producer, a consumer, an admin client and Kafka Streams.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", protocol);
        if (protocol.equals(PLAINTEXT)) {
            return properties;
        }
        properties.put("sasl.mechanism", saslMechanism);
        properties.put("sasl.jaas.config", saslJaasConfig.isEmpty() ? scramJaasLine(saslUsername, saslPassword) : saslJaasConfig);
        putIfSet(properties, "ssl.truststore.location", truststoreLocation);
        putIfSet(properties, "ssl.truststore.type", truststoreType);
        putIfSet(properties, "ssl.truststore.password", truststorePassword);
        return properties;
    }

    /**
     * Kafka's JAAS line for SCRAM with these credentials; a {@code "} or {@code \} in them is escaped with {@code \}, as
     * Kafka's JAAS parser (a {@link java.io.StreamTokenizer} on quoted strings) reads it.
     */
    static String scramJaasLine(String username, String password) {
        return SCRAM_LOGIN_MODULE + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** For logs: the protocol, mechanism and user, never the password or the JAAS line. */
    @Override
    public String toString() {
        return "KafkaClientSecurity[protocol=" + protocol + (protocol.equals(PLAINTEXT) ? "" : ", mechanism=" + saslMechanism
                + ", user=" + (saslUsername.isEmpty() ? "(from the JAAS line)" : saslUsername)) + "]";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void putIfSet(Map<String, String> properties, String key, String value) {
        if (!value.isEmpty()) {
            properties.put(key, value);
        }
    }

    private static String upper(String value, String whenBlank) {
        return value == null || value.isBlank() ? whenBlank : value.strip().toUpperCase(Locale.ROOT);
    }

    private static String blankToEmpty(String value) {
        return value == null || value.isBlank() ? "" : value.strip();
    }
}
