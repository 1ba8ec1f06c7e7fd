package io.roomsync.timspring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicas counted from the members of a Kafka Streams service's consumer group. */
class LiveReplicasTest {

    @Test
    void twoReplicasOfTwoStreamThreadsEachAreTwo() {
        // Given the four members two replicas with two stream threads each make
        List<LiveReplicas.Member> members = dynamic(
                "roomsync-notice-dispatch-7f3c0a5e-1b2d-4e0f-9a8b-0c1d2e3f4a5b-StreamThread-1-consumer",
                "roomsync-notice-dispatch-7f3c0a5e-1b2d-4e0f-9a8b-0c1d2e3f4a5b-StreamThread-2-consumer",
                "roomsync-notice-dispatch-1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d-StreamThread-1-consumer",
                "roomsync-notice-dispatch-1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d-StreamThread-2-consumer");

        // Then they are two replicas
        assertThat(LiveReplicas.count(members)).isEqualTo(2);
    }

    @Test
    void aReplicaWhoseOtherThreadsHaveNotJoinedYetIsOne() {
        assertThat(LiveReplicas.count(dynamic("role-sync-2-StreamThread-2-consumer", "role-sync-1-StreamThread-1-consumer",
                "role-sync-1-StreamThread-2-consumer"))).isEqualTo(2);
    }

    @Test
    void aGroupWithNoMemberStillHasThisReplica() {
        assertThat(LiveReplicas.count(List.of())).isEqualTo(1);
    }

    @Test
    void aMemberThatIsNotAStreamThreadCountsAsAReplicaOfItsOwn() {
        assertThat(LiveReplicas.count(dynamic("consumer-roomsync-1", "consumer-roomsync-2"))).isEqualTo(2);
    }

    @Test
    void staticMembersAreCountedByTheirInstanceIdWhateverTheirClientIds() {
        // Given two replicas whose clients were given one client id, static members role-sync and role-sync-2
        String sameClient = "roomsync-role-sync-StreamThread-1-consumer";
        List<LiveReplicas.Member> members = List.of(new LiveReplicas.Member(sameClient, "role-sync-1"),
                new LiveReplicas.Member(sameClient, "role-sync-2"), new LiveReplicas.Member(sameClient, "role-sync-2-2"),
                new LiveReplicas.Member(sameClient, "role-sync-2-1"));

        // Then they are two replicas
        assertThat(LiveReplicas.count(members)).isEqualTo(2);
    }

    private static List<LiveReplicas.Member> dynamic(String... clientIds) {
        return java.util.Arrays.stream(clientIds).map(id -> new LiveReplicas.Member(id, null)).toList();
    }
}
