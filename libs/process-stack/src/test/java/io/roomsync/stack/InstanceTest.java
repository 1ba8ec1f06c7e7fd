package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replicas of a service on one machine: names, ports and state directories of their own. */
class InstanceTest {

    @Test
    void replicaOneIsTheServiceAsMakeRunAlwaysRanIt() {
        Instance first = Instance.first(StackService.ROLE_SYNC);

        assertThat(first.name()).isEqualTo("role-sync");
        assertThat(first.port(8081)).isEqualTo(8081);
        assertThat(first.ownStateDirectories(Map.of("ROOMSYNC_ROLE_SYNC_STATE_DIR", ".run/state/role-sync")))
                .isEqualTo(Map.of("ROOMSYNC_ROLE_SYNC_STATE_DIR", ".run/state/role-sync"));
    }

    @Test
    void replicaKHasItsOwnNamePortAndStateDirectories() {
        Instance third = new Instance(StackService.NOTICE_DISPATCH, 3);

        assertThat(third.name()).isEqualTo("notice-dispatch-3");
        assertThat(third.port(8083)).isEqualTo(8283);
        assertThat(third.ownStateDirectories(Map.of("ROOMSYNC_NOTICES_STATE_DIR", "/s/notices", "SERVER_PORT", "8283")))
                .isEqualTo(Map.of("ROOMSYNC_NOTICES_STATE_DIR", "/s/notices-3", "SERVER_PORT", "8283"));
    }

    @Test
    void eachReplicaOfSeveralIsAStaticMemberWithStandbys() {
        // Given replica 2 of role-sync in a stack of 2 replicas, no count chosen by the operator
        Instance second = new Instance(StackService.ROLE_SYNC, 2);

        // Then it is named as a static member and keeps a standby of each task
        assertThat(second.streamsHandover(2, java.util.Optional.empty())).isEqualTo(Map.of(
                "ROOMSYNC_STREAMS_INSTANCE_ID", "role-sync-2", "ROOMSYNC_STREAMS_STANDBY_REPLICAS", "1"));
    }

    @Test
    void aSingleReplicaHasNoStandbyAndTheOperatorsCountWins() {
        Instance only = Instance.first(StackService.NOTICE_DISPATCH);

        // Given one replica: a standby would have nowhere to run
        assertThat(only.streamsHandover(1, java.util.Optional.empty())).isEqualTo(Map.of(
                "ROOMSYNC_STREAMS_INSTANCE_ID", "notice-dispatch", "ROOMSYNC_STREAMS_STANDBY_REPLICAS", "0"));
        // Given 2 replicas and ROOMSYNC_STREAMS_STANDBY_REPLICAS=0 in make run's environment (measuring without)
        assertThat(only.streamsHandover(2, java.util.Optional.of("0"))).containsEntry("ROOMSYNC_STREAMS_STANDBY_REPLICAS", "0");
        // Given a blank one: as if unset
        assertThat(only.streamsHandover(2, java.util.Optional.of(""))).containsEntry("ROOMSYNC_STREAMS_STANDBY_REPLICAS", "1");
    }

    @Test
    void theHighestReplicaStaysClearOfTheEmulatorKafkaAndTheRegistry() {
        // Ports of make run that are not a service's: registry 8088/8089, emulator 8090, Kafka 9092/9093
        for (StackService service : StackService.values()) {
            if (service == StackService.TIM_EMULATOR) {
                continue;
            }
            for (int replica = 1; replica <= Instance.MAX_REPLICAS; replica++) {
                assertThat(new Instance(service, replica).port(service.defaultPort()))
                        .as("%s replica %d", service.id(), replica).isNotIn(8088, 8089, 8090, 9092, 9093);
            }
        }
    }

    @Test
    void namesParseBackToTheirInstance() {
        assertThat(Instance.parse("ingest")).isEqualTo(new Instance(StackService.INGEST, 1));
        assertThat(Instance.parse("role-sync-2")).isEqualTo(new Instance(StackService.ROLE_SYNC, 2));
        assertThat(Instance.parse("notice-dispatch-9")).isEqualTo(new Instance(StackService.NOTICE_DISPATCH, 9));
        assertThatThrownBy(() -> Instance.parse("kafka-2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown service 'kafka-2'");
        assertThatThrownBy(() -> new Instance(StackService.INGEST, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replica 10 of ingest: replicas are 1 to 9");
    }
}
