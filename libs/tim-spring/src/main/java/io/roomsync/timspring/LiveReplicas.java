package io.roomsync.timspring;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * How many replicas of a Kafka Streams service are live, read from the members of its consumer group (its
 * {@code application.id}). Each stream thread of a replica is a member of its own, with the client id
 * {@code <client id of the replica>-StreamThread-<n>-consumer}, so members are counted by that client id without
 * the thread's suffix: one replica, however many threads. Pure; the Kafka side is {@link ReplicaShareWatcher}.
 */
public final class LiveReplicas {

    private static final Pattern THREAD_SUFFIX = Pattern.compile("-StreamThread-\\d+-consumer$");

    private LiveReplicas() {
    }

    /**
     * The live replicas among these members' client ids: the distinct replicas, and never fewer than 1 (this replica
     * calls Tencent even while the group has no member: it is joining, or the group is being rebalanced).
     */
    public static int count(Collection<String> memberClientIds) {
        long replicas = memberClientIds.stream().map(id -> THREAD_SUFFIX.matcher(id).replaceFirst("")).distinct().count();
        return (int) Math.max(1, replicas);
    }
}
