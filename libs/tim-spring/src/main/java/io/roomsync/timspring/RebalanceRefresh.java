package io.roomsync.timspring;

import org.apache.kafka.streams.KafkaStreams;

/**
 * The state listener of a service's Kafka Streams client that tells the {@link ReplicaShareWatcher} to count the
 * replicas again at once when the group's members may have changed: a replica joining or leaving makes every member
 * rebalance. Kept apart from the watcher so that only services running Kafka Streams need it on their class path.
 */
public final class RebalanceRefresh implements KafkaStreams.StateListener {

    private final Runnable refreshNow;

    /** @param refreshNow asks for a refresh and returns at once ({@link ReplicaShareWatcher#refreshNow}) */
    public RebalanceRefresh(Runnable refreshNow) {
        this.refreshNow = refreshNow;
    }

    /** Called on the client's threads on each state change. */
    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (membershipMayHaveChanged(newState, oldState)) {
            refreshNow.run();
        }
    }

    /**
     * Whether a client's state change may follow a change of its group's members: it started rebalancing (a member
     * joined or left, or its own tasks moved), or it is running again after a rebalance (the new members settled).
     */
    static boolean membershipMayHaveChanged(KafkaStreams.State newState, KafkaStreams.State oldState) {
        return newState == KafkaStreams.State.REBALANCING
                || newState == KafkaStreams.State.RUNNING && oldState == KafkaStreams.State.REBALANCING;
    }
}
