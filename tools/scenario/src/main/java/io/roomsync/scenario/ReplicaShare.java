package io.roomsync.scenario;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which part of a Kafka Streams group's work a replica holds, read from the group's members: a replica named
 * {@code role-sync} (its {@code ROOMSYNC_STREAMS_INSTANCE_ID}) joins with one static member per stream thread,
 * {@code role-sync-1}, {@code role-sync-2}, ... (Kafka Streams appends the thread's index), and a member's assigned
 * partitions are its active tasks' inputs (a standby has none). Replica 2, {@code role-sync-2}, joins as
 * {@code role-sync-2-1}, ..., which is not replica 1's thread 2.
 */
public final class ReplicaShare {

    private ReplicaShare() {
    }

    /**
     * The input partitions the replica named {@code replica} is assigned over all its threads.
     *
     * @param partitionsByMember each static member's ({@code group.instance.id}) count of assigned partitions
     * @param replica            the replica's name ({@code role-sync}, {@code role-sync-2})
     * @return 0 when none of its threads holds an active task (or it is not in the group)
     */
    public static int partitionsOf(Map<String, Integer> partitionsByMember, String replica) {
        Pattern threadOfReplica = Pattern.compile(Pattern.quote(replica) + "-[0-9]+");
        return partitionsByMember.entrySet().stream().filter(member -> threadOfReplica.matcher(member.getKey()).matches())
                .mapToInt(Map.Entry::getValue).sum();
    }
}
