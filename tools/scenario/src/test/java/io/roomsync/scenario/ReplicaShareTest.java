package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The share of a Streams group's partitions a replica's threads hold. */
class ReplicaShareTest {

    @Test
    void aReplicasThreadsAreCountedAndNotTheNextReplicas() {
        // Given replica 1 (role-sync) with 3 threads, one of them idle, and replica 2 (role-sync-2) with 2 threads
        Map<String, Integer> members = Map.of("role-sync-1", 2, "role-sync-2", 0, "role-sync-3", 1,
                "role-sync-2-1", 4, "role-sync-2-2", 3);

        // Then replica 1 holds 3 partitions (role-sync-2-1 is replica 2's thread, not replica 1's thread 2), replica 2 holds 7
        assertThat(ReplicaShare.partitionsOf(members, "role-sync")).isEqualTo(3);
        assertThat(ReplicaShare.partitionsOf(members, "role-sync-2")).isEqualTo(7);
    }

    @Test
    void aReplicaWithOnlyStandbysOrOutOfTheGroupHoldsNone() {
        // Given replica 1 back with standbys only (no partitions), and a group replica 3 never joined
        Map<String, Integer> members = Map.of("role-sync-1", 0, "role-sync-2-1", 9);

        // Then neither holds a partition
        assertThat(ReplicaShare.partitionsOf(members, "role-sync")).isZero();
        assertThat(ReplicaShare.partitionsOf(members, "role-sync-3")).isZero();
    }
}
