package io.roomsync.teststack;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Topic;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RoomsyncStackExtension.class)
class TestStackIT {

    @Test
    void aRecordWrittenThroughTheRegistryIsReadBackAsItsGeneratedClass() {
        // Given a member state
        MemberState state = MemberState.newBuilder().setSdkAppId(1400000000L).setRoom("live_1").setMember("alice")
                .setRole(MemberRole.ADMIN).setPresent(true).setVersion(1).setCause("cmd-1")
                .setCauseKind(ChangeCause.COMMAND).setChangedAt(Instant.parse("2026-11-25T10:00:00Z")).build();

        // When it is sent to the member-state topic of the real broker
        Records.send(Topic.MEMBER_STATE.defaultName(), "1400000000/live_1/alice", state);

        // Then exactly that record comes back, decoded through the registry
        List<ConsumerRecord<String, MemberState>> read = Records.await(Topic.MEMBER_STATE.defaultName(),
                MemberState.class, s -> s.getMember().equals("alice"), 1, Duration.ofSeconds(30), Duration.ofMillis(500));
        assertThat(read).hasSize(1);
        assertThat(read.get(0).key()).isEqualTo("1400000000/live_1/alice");
        assertThat(read.get(0).value()).isEqualTo(state);
    }

    @Test
    void publishesWhereTheStackIsForSpringToPickUp() {
        assertThat(System.getProperty("roomsync.kafka.bootstrap-servers")).isEqualTo(TestStack.get().bootstrapServers());
        assertThat(System.getProperty("roomsync.registry.url")).endsWith("/apis/registry/v3");
    }
}
