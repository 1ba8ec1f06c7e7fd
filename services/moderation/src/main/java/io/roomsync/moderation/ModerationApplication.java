package io.roomsync.moderation;

import io.roomsync.moderation.adapter.kafka.PolicyReplica;
import io.roomsync.moderation.rules.PolicyBook;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** moderation: chat rules and verdicts for live rooms (architecture, sections 3-5). */
@SpringBootApplication
@EnableConfigurationProperties(ModerationProperties.class)
public class ModerationApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModerationApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PolicyBook policyBook() {
        return new PolicyBook();
    }

    /** The policy replica's health, in the readiness group as {@code policyReplica}: DOWN once its thread has ended. */
    @Bean
    HealthIndicator policyReplicaHealthIndicator(PolicyReplica replica) {
        return replica.healthIndicator();
    }
}
