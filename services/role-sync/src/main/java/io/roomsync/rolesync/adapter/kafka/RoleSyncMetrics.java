package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** role-sync's counters: commands by outcome, state changes by cause, records dead-lettered by source topic. */
final class RoleSyncMetrics {

    private final MeterRegistry meters;

    RoleSyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void commandOutcome(String outcome) {
        Counter.builder("roomsync.rolesync.commands").tag("outcome", outcome.toLowerCase())
                .description("Member commands by outcome").register(meters).increment();
    }

    void stateChanged(String cause) {
        Counter.builder("roomsync.rolesync.state.changes").tag("cause", cause.toLowerCase())
                .description("Member state changes published, by cause").register(meters).increment();
    }

    void deadLettered(String topic) {
        Counter.builder("roomsync.rolesync.dead.lettered").tag("topic", topic)
                .description("Records sent to a dead-letter topic after a processing failure").register(meters).increment();
    }
}
