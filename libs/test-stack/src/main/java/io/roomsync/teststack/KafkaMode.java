package io.roomsync.teststack;

import java.util.function.BooleanSupplier;

/** Which Kafka broker the test stack runs. */
public enum KafkaMode {
    /** The project's own KRaft broker process, from the jars libs/process-stack copies. Needs no Docker. */
    LOCAL,
    /** Testcontainers' Kafka; needs a Docker engine. */
    TESTCONTAINERS;

    /**
     * {@code local} and {@code testcontainers} choose directly; {@code auto} takes Testcontainers only when a Docker
     * engine answers, so a machine without Docker (CI here) always runs the local broker.
     */
    public static KafkaMode choose(String setting, BooleanSupplier dockerAvailable) {
        return switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "local" -> LOCAL;
            case "testcontainers" -> TESTCONTAINERS;
            case "auto" -> dockerAvailable.getAsBoolean() ? TESTCONTAINERS : LOCAL;
            default -> throw new IllegalArgumentException(
                    "roomsync.test.kafka must be auto, local or testcontainers, not '" + setting + "'");
        };
    }
}
