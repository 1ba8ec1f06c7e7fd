package io.roomsync.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a Kafka Streams service's replicas share and hand over their tasks ({@code roomsync.streams.*}; defaults in
 * roomsync-defaults.yml, README "Kubernetes: pod failures and rolling restarts").
 *
 * @param standbyReplicas  warm copies of each task's state kept on other replicas (Kafka Streams
 *                         {@code num.standby.replicas}); default 0, 1 wherever 2 or more replicas run: the Kubernetes
 *                         manifests and {@code REPLICAS=N make run} with N ≥ 2 set it (env
 *                         {@code ROOMSYNC_STREAMS_STANDBY_REPLICAS})
 * @param instanceId       this replica's stable name (the pod's name in Kubernetes, {@code role-sync-2} in
 *                         {@code make run}; env {@code ROOMSYNC_STREAMS_INSTANCE_ID}): when set, the replica is a
 *                         static member of its consumer groups ({@code group.instance.id}, to which Kafka Streams
 *                         appends each stream thread's index), which is what lets it leave them as it stops (Kafka
 *                         Streams removes static members through the Admin API and never sends a dynamic member's
 *                         LeaveGroup); blank or absent: dynamic membership. Two running replicas must never share one
 *                         (the later fences the earlier)
 * @param closeTimeout     how long stopping the service waits for each Kafka Streams client to commit, checkpoint its
 *                         stores and leave (Spring Kafka's {@code StreamsBuilderFactoryBean} close timeout, whole
 *                         seconds; default 20 s, sized with the pod's {@code terminationGracePeriodSeconds}); longer
 *                         is cut short as a crash
 * @param leaveGroupOnClose whether a replica that stops leaves its groups as it closes (default true: its tasks resume
 *                         at once on the replicas holding their standbys, instead of waiting for its return or for
 *                         {@code session.timeout.ms}; it takes its share back when it rejoins)
 * @param threadReplacements how many stream threads a broker outage may cost before the client gives up
 *                         ({@link StreamThreadFailures}; default at most 10 within 10 minutes)
 */
@Validated
@ConfigurationProperties("roomsync.streams")
public record RoomsyncStreamsProperties(@Min(0) int standbyReplicas, String instanceId, @NotNull Duration closeTimeout,
                                        boolean leaveGroupOnClose, @NotNull @Valid ThreadReplacements threadReplacements) {

    /**
     * How many stream threads that died of a transient Kafka failure (a broker outage, a transaction the broker aborted)
     * are replaced by new ones ({@link StreamThreadFailures}) before the next such failure shuts the client down and
     * lets liveness restart the replica instead.
     *
     * @param max    threads replaced at most within {@code window}, across the process's clients (default 10; 0: never
     *               replace, every failure shuts its client down)
     * @param window the sliding window they are counted in (default 10 minutes)
     */
    public record ThreadReplacements(@Min(0) int max, @NotNull Duration window) {
    }

    /** This replica's static-membership name, when it has one. */
    public java.util.Optional<String> staticInstanceId() {
        return instanceId == null || instanceId.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(instanceId.strip());
    }
}
