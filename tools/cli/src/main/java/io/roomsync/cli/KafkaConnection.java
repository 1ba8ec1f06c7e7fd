package io.roomsync.cli;

import picocli.CommandLine.Option;

/** Where Kafka is; the default is that of {@code make run}, overridable by flag or environment. */
public class KafkaConnection {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String bootstrapServers;
}
