package io.roomsync.timspring;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * How many replicas of a Kafka Streams service are live, read from the members of its consumer group (its
 * {@code application.id}). Each stream thread of a replica is a member of its own, so members are counted by what
 * their threads share: a static member's {@code group.instance.id} without the thread's {@code -<n>} (Kafka Streams
 * gives each thread {@code <instance id>-<n>}), otherwise its client id without {@code -StreamThread-<n>-consumer}
 * (Kafka Streams' default client id holds the replica's process id). One replica, however many threads. Pure; the
 * Kafka side is {@link ReplicaShareWatcher}.
 */
public final class LiveReplicas {

    private static final Pattern THREAD_SUFFIX = Pattern.compile("-StreamThread-\\d+-consumer$");
    private static final Pattern INSTANCE_THREAD_SUFFIX = Pattern.compile("-\\d+$");

    /** One member of the group: its client id, and its {@code group.instance.id} (null: a dynamic member). */
    public record Member(String clientId, String groupInstanceId) {
    }

    private LiveReplicas() {
    }

    /**
     * The live replicas among these members: the distinct replicas, and never fewer than 1 (this replica
     * calls Tencent even while the group has no member: it is joining, or the group is being rebalanced).
     */
    public static int count(Collection<Member> members) {
        long replicas = members.stream().map(LiveReplicas::replica).distinct().count();
        return (int) Math.max(1, replicas);
    }

    private static String replica(Member member) {
        if (member.groupInstanceId() != null && !member.groupInstanceId().isEmpty()) {
            return "instance " + INSTANCE_THREAD_SUFFIX.matcher(member.groupInstanceId()).replaceFirst("");
        }
        return "client " + THREAD_SUFFIX.matcher(member.clientId()).replaceFirst("");
    }
}
