package io.roomsync.ingest.adapter.kafka;

import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.RawCallback;
import io.roomsync.support.RegistryWaits;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Resolves ImEvent's schema in the registry before ingest says it is ready, through the one value serializer every
 * publish uses: the serializer caches the schema's id, so a registry outage after start-up costs ingest nothing.
 *
 * <p>Runs as an {@link ApplicationRunner}: Spring Boot publishes readiness {@code ACCEPTING_TRAFFIC} only after the
 * runners, so ingest stays not ready while the registry cannot be reached at start-up; the attempts wait with the
 * back-off of {@link RegistryWaits} (counted in {@code roomsync.registry.waits}; {@code schemaRegistry} DOWN
 * meanwhile). A callback that arrives before is answered as when Kafka is down: 503 {@code publish-failed} (Tencent
 * does not send an After-callback again; role-sync's reconcile repairs what was missed).
 */
public class SchemaWarmUp implements ApplicationRunner {

    private final Serializer<ImEvent> serializer;
    private final String topic;
    private final RegistryWaits waits;

    /**
     * @param serializer the value serializer of ingest's producer (the instance the producer factory hands out)
     * @param topic      {@code roomsync.im-events.v1} as configured: the artifact id is derived from it
     * @param waits      the service's registry waits
     */
    public SchemaWarmUp(Serializer<ImEvent> serializer, String topic, RegistryWaits waits) {
        this.serializer = serializer;
        this.topic = topic;
        this.waits = waits;
    }

    @Override
    public void run(ApplicationArguments args) {
        waits.call(() -> serializer.serialize(topic, new RecordHeaders(), sample()));
    }

    /** An event that is never sent: only its schema matters. */
    static ImEvent sample() {
        return ImEvent.newBuilder().setId("schema-warm-up").setSdkAppId(0).setCommand("roomsync.SchemaWarmUp")
                .setReceivedAt(Instant.EPOCH).setPayload(RawCallback.newBuilder().setJson("{}").build()).build();
    }
}
