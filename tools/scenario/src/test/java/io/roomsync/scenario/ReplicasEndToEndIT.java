package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.teststack.RoomsyncStackExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment users run: two replicas of each service (ingest, role-sync, moderation, notice-dispatch) from their
 * built jars, each with its own port and state directory, on the real broker and registry; the emulator as Tencent
 * spreads its callbacks over both ingest replicas, as the load balancer before them does. The rolling restart and
 * larger runs are played from the CLI ({@code bin/roomsync scenario --fault rolling}); this one is the drill Kafka
 * Streams finds hardest: a replica of each service SIGKILLed in turn, its tasks moving to the other.
 */
@ExtendWith(RoomsyncStackExtension.class)
class ReplicasEndToEndIT {

    private static final int REPLICAS = 2;
    private static ReplicatedStack stack;

    @BeforeAll
    static void startTwoReplicasOfEachService() throws Exception {
        stack = new ReplicatedStack(REPLICAS, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReplicaOfEachServiceKilledInTurnMidScenarioLosesNothingAndDoublesNothing() throws Exception {
        // Given two replicas of every service, when a scenario plays while replica 1 of role-sync, moderation,
        // notice-dispatch and ingest is SIGKILLed in turn, each down 5 s and ready again before the next
        Drill drill = Drill.killReplicas(stack.processes, REPLICAS, stack.environments, Duration.ofSeconds(5));
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(stack.endpoints, 1, 50, 31, drill, Duration.ofSeconds(180), System.out);

        // Then Tencent, role-sync and all 49 remaining clients agree on all 50 members, no client got a notice twice
        assertThat(outcome.differences()).isEmpty();
        assertThat(outcome.members()).isEqualTo(50);
        assertThat(outcome.clientViews()).isEqualTo(49);
        // And every callback ingest acknowledged is on the topic once, and no record went to a dead-letter topic
        assertThat(outcome.callbacksAcknowledged()).isGreaterThan(100);
        assertThat(outcome.callbacksOnTopic()).isEqualTo(outcome.callbacksAcknowledged());
        assertThat(outcome.callbacksLost()).isZero();
        assertThat(outcome.eventsDoubled()).isZero();
        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.passed()).isTrue();
    }
}
