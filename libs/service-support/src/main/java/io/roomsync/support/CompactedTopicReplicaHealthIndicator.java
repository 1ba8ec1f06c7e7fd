package io.roomsync.support;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of a {@link CompactedTopicReplica}, for the readiness group: DOWN once its reader thread has ended (the
 * copy no longer follows the topic), with the topic and the error in the details; otherwise UP, with whether it has
 * loaded. A replica still loading is UP: a service that decides without the copy until it loads (ingest's
 * Before-send verdict) answers meanwhile, and says so in its own metrics.
 */
public final class CompactedTopicReplicaHealthIndicator implements HealthIndicator {

    private final CompactedTopicReplica<?> replica;

    public CompactedTopicReplicaHealthIndicator(CompactedTopicReplica<?> replica) {
        this.replica = replica;
    }

    @Override
    public Health health() {
        return replica.stopped()
                .map(error -> Health.down().withDetail("topic", replica.topic()).withDetail("stoppedBy", error.toString()))
                .orElseGet(() -> Health.up().withDetail("topic", replica.topic()).withDetail("loaded", replica.loaded()))
                .build();
    }
}
