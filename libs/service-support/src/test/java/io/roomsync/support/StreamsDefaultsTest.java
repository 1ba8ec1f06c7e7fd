package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The Kafka Streams hand-over settings every Streams service starts from (roomsync-defaults.yml), and their overrides. */
class StreamsDefaultsTest {

    private static final String BINDER_CONFIGURATION = "spring.cloud.stream.kafka.streams.binder.configuration";

    /** An environment with the shared defaults and {@code variables} as the process environment. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", variables));
        new RoomsyncDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static Map<String, String> binderConfiguration(StandardEnvironment environment) {
        return Binder.get(environment).bind(BINDER_CONFIGURATION, Bindable.mapOf(String.class, String.class)).get();
    }

    @Test
    void aSingleReplicaRunsWithoutStandbysAndDynamicMembership() {
        // Given no setting in the environment
        StandardEnvironment environment = environment(Map.of());

        // Then the shared Streams settings are the documented ones: no standby, no instance id, a 20 s close that leaves
        // the groups, a silent member and a crashed member's open transactions given up on after 10 s
        assertThat(binderConfiguration(environment)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "num.standby.replicas", "0", "acceptable.recovery.lag", "10000", "max.warmup.replicas", "2",
                "probing.rebalance.interval.ms", "60000", "session.timeout.ms", "10000", "heartbeat.interval.ms", "1000",
                "transaction.timeout.ms", "10000"));
        RoomsyncStreamsProperties settings = Binder.get(environment).bind("roomsync.streams", RoomsyncStreamsProperties.class).get();
        assertThat(settings).isEqualTo(new RoomsyncStreamsProperties(0, "", Duration.ofSeconds(20), true,
                new RoomsyncStreamsProperties.ThreadReplacements(10, Duration.ofMinutes(10))));
        assertThat(settings.staticInstanceId()).isEmpty();
        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("10s");
    }

    @Test
    void aDeploymentOfTwoReplicasSetsStandbysAndNamesEachReplica() {
        // Given the variables a Kubernetes pod (StatefulSet role-sync, pod 1) or REPLICAS=2 make run sets
        StandardEnvironment environment = environment(Map.of("ROOMSYNC_STREAMS_STANDBY_REPLICAS", "1",
                "ROOMSYNC_STREAMS_INSTANCE_ID", "role-sync-1"));

        // Then each Kafka Streams client keeps a standby of each task, and the replica has its static name
        assertThat(binderConfiguration(environment)).containsEntry("num.standby.replicas", "1");
        assertThat(Binder.get(environment).bind("roomsync.streams", RoomsyncStreamsProperties.class).get().staticInstanceId())
                .contains("role-sync-1");
    }

    @Test
    void aServiceOwnBinderConfigurationIsMergedWithTheShared() {
        // Given a service's application.yml that sets its own Streams settings (role-sync's threads)
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml",
                Map.of(BINDER_CONFIGURATION + ".num.stream.threads", "3")));

        // Then both apply
        assertThat(binderConfiguration(environment)).containsEntry("num.stream.threads", "3").containsEntry("session.timeout.ms", "10000");
    }
}
