package io.roomsync.support;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness contributor {@code schemaRegistry}: DOWN while a record waits for the schema registry ({@link RegistryWaits}),
 * with {@code waitingSince} (ISO-8601 instant), {@code reason} (e.g. {@code registry unreachable:
 * java.net.ConnectException}), {@code waitingCalls} and {@code waits} (retries since start) in the details; UP
 * otherwise, with {@code waits}.
 */
public final class RegistryWaitsHealthIndicator implements HealthIndicator {

    private final RegistryWaits waits;

    public RegistryWaitsHealthIndicator(RegistryWaits waits) {
        this.waits = waits;
    }

    @Override
    public Health health() {
        return waits.waiting()
                .map(waiting -> Health.down().withDetail("waitingSince", waiting.since().toString())
                        .withDetail("reason", waiting.reason()).withDetail("waitingCalls", waiting.calls()))
                .orElseGet(Health::up)
                .withDetail("waits", waits.waits())
                .build();
    }
}
