package io.roomsync.support;

import io.roomsync.contract.AvroTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the shared roomsync defaults ({@code roomsync-defaults.yml}) below every other property source, and the
 * development values ({@code roomsync-defaults-dev.yml}) just above them when the {@code dev} profile is active.
 * A library's defaults must not beat the service's own configuration, which is why this is not a
 * {@code spring.config.import} (imported files override their importer).
 *
 * <p>Then the one place where the Kafka clients' security ({@code roomsync.kafka.security.*},
 * {@link KafkaClientSecurity}) reaches the clients Spring builds: as {@code spring.kafka.properties.*}, which Spring
 * Boot's {@code KafkaProperties} puts into every producer, consumer, admin client and Kafka Streams configuration it
 * builds, and from which the Kafka Streams binder builds its Kafka Streams clients, its dead-letter producer and its
 * admin client. The consumers roomsync builds itself take the same settings from
 * {@link RoomsyncKafkaProperties#clientProperties()}. Settings that do not fit together stop the start here.
 * A Kafka client setting of the same name configured elsewhere ({@code SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL}, ...)
 * is overridden: there is one place to set them.
 */
public class RoomsyncDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String DEV_PROFILE = "dev";
    /** The property source holding the Kafka clients' security settings as {@code spring.kafka.properties.*}. */
    public static final String KAFKA_CLIENT_SECURITY = "roomsync:kafka-client-security";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        AvroTrust.trustContractClasses();
        load("roomsync-defaults.yml").forEach(source -> environment.getPropertySources().addLast(source));
        if (Arrays.asList(environment.getActiveProfiles()).contains(DEV_PROFILE)) {
            List<PropertySource<?>> dev = load("roomsync-defaults-dev.yml");
            // Just above the shared defaults, below everything the service and the operator configured.
            dev.forEach(source -> environment.getPropertySources().addBefore(lastName(environment), source));
        }
        // First of all sources: roomsync.kafka.security decides, so a spring.kafka.properties.security.* (or sasl.*,
        // ssl.truststore.*) set elsewhere cannot make Spring's clients disagree with the consumers roomsync builds.
        environment.getPropertySources().addFirst(kafkaClientSecurity(environment));
    }

    private static PropertySource<?> kafkaClientSecurity(ConfigurableEnvironment environment) {
        environment.getPropertySources().remove(KAFKA_CLIENT_SECURITY);
        KafkaClientSecurity security = Binder.get(environment).bind("roomsync.kafka.security", KafkaClientSecurity.class)
                .orElseGet(KafkaClientSecurity::plaintext);
        Map<String, Object> properties = new LinkedHashMap<>();
        security.clientProperties().forEach((key, value) -> properties.put("spring.kafka.properties." + key, value));
        return new MapPropertySource(KAFKA_CLIENT_SECURITY, properties);
    }

    private static String lastName(ConfigurableEnvironment environment) {
        PropertySource<?> last = null;
        for (PropertySource<?> source : environment.getPropertySources()) {
            last = source;
        }
        return last.getName();
    }

    private static List<PropertySource<?>> load(String resource) {
        try {
            return new YamlPropertySourceLoader().load("roomsync:" + resource, new ClassPathResource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** After Spring Boot read application.yml and the profiles, so the active profiles are known. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
