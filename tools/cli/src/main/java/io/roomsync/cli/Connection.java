package io.roomsync.cli;

import picocli.CommandLine.Option;

/** Where the local stack is; the defaults are those of {@code make run}, overridable by flag or environment. */
public class Connection {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String bootstrapServers;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Apicurio Registry API (env ROOMSYNC_REGISTRY_URL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_REGISTRY_URL:-http://127.0.0.1:8088/apis/registry/v3}")
    String registryUrl;
}
