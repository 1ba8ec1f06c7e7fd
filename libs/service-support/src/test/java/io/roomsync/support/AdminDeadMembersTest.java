package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a replaced thread's member may be removed from its group, and the Admin client that removes it. */
class AdminDeadMembersTest {

    private static final String DEAD = "roomsync-role-sync-5b4e9cec-StreamThread-1";

    @Test
    void anEndedThreadWhoseNameNoLiveThreadCarriesIsRemoved() {
        assertThat(AdminDeadMembers.reasonToKeep(false, DEAD, Set.of("roomsync-role-sync-5b4e9cec-StreamThread-4"))).isNull();
    }

    @Test
    void aMemberWhoseIndexALiveThreadReusesIsKept() {
        // Given threads 1-3 replaced by 4-6 after an outage, then 4 replaced in turn by a new thread 1 (Kafka Streams
        // reuses an ended thread's index) before the removal of the first thread 1's member ran
        Set<String> live = Set.of(DEAD, "roomsync-role-sync-5b4e9cec-StreamThread-5", "roomsync-role-sync-5b4e9cec-StreamThread-6");

        // Then member role-sync-1-1 is the live thread's now, and stays
        assertThat(AdminDeadMembers.reasonToKeep(false, DEAD, live)).isEqualTo("a new thread of the client runs under its name");
    }

    @Test
    void aThreadStillClosingAfterTheWaitKeepsItsMember() {
        assertThat(AdminDeadMembers.reasonToKeep(true, DEAD, Set.of())).isEqualTo("the thread is still closing");
    }

    @Test
    void theAdminClientTakesTheStreamsClientsConnectionAndSecurityAndItsAdminOverrides() {
        // Given a Kafka Streams client's configuration with security, an admin. override and settings of its own
        Properties streams = new Properties();
        streams.put("bootstrap.servers", "kafka-0:9093");
        streams.put("security.protocol", "SASL_SSL");
        streams.put("sasl.mechanism", "SCRAM-SHA-512");
        streams.put("admin.request.timeout.ms", "5000");
        streams.put("application.id", "roomsync-role-sync");
        streams.put("processing.guarantee", "exactly_once_v2");
        streams.put("group.instance.id", "role-sync-1");

        // Then the Admin client gets the connection, the security and the override, under its own client id, and none
        // of the Streams or consumer settings
        assertThat(AdminDeadMembers.adminConfig(streams, "role-sync-1-1-removal")).isEqualTo(Map.of(
                "bootstrap.servers", "kafka-0:9093", "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "request.timeout.ms", "5000", "client.id", "role-sync-1-1-removal"));
    }
}
