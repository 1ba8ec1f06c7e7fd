package io.roomsync.cli;

import picocli.CommandLine.Option;

/** Where the local stack is (Kafka and the registry); the defaults are those of {@code make run}, overridable by flag or environment. */
public class Connection extends KafkaConnection {

    @Option(names = "--registry", paramLabel = "URL",
            description = "Apicurio Registry API (env ROOMSYNC_REGISTRY_URL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_REGISTRY_URL:-http://127.0.0.1:8088/apis/registry/v3}")
    String registryUrl;
}
