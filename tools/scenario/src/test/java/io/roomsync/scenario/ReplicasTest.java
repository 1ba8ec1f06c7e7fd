package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario against replicas: calls reach a replica that is up, the replica drills take every service in turn,
 * and they refuse a stack of one replica, where they would prove nothing.
 */
class ReplicasTest {

    private final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));

    @TempDir
    Path root;

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void aCallPassesOverAReplicaThatIsDownToOneThatIsUp() throws IOException {
        // Given two replicas, the first down (nothing listens on its port)
        List<String> replicas = List.of("http://127.0.0.1:" + closedPort(), emulator.baseUrl());

        // When a call goes to them, then the second answers it
        assertThat(Http.onAnyReplica("GET", replicas, "/emulator/stats", null).path("callbacks").path("sent").asLong()).isZero();
    }

    @Test
    void aRefusalOfTheCallerIsFinalAndNotPassedOn() throws IOException {
        // Given two replicas, the first up; when it answers 409 (Tencent's 10010: no such group)
        List<String> replicas = List.of(emulator.baseUrl(), "http://127.0.0.1:" + closedPort());

        // Then that answer is the call's, the second never tried
        assertThatThrownBy(() -> Http.onAnyReplica("GET", replicas, "/emulator/rooms/none", null))
                .isInstanceOfSatisfying(Http.Refused.class, refused -> assertThat(refused.status).isEqualTo(409));
    }

    @Test
    void killReplicasKillsReplicaOneOfEachServiceInTurnStreamServicesFirst() {
        Drill drill = Drill.killReplicas(new LocalStack(LocalStack.Layout.defaults(root)), 2, Map.of(), Duration.ofSeconds(5));

        assertThat(drill.steps()).extracting(Drill::describe).containsExactly(
                "SIGKILL role-sync, 5 s down, then started again",
                "SIGKILL moderation, 5 s down, then started again",
                "SIGKILL notice-dispatch, 5 s down, then started again",
                "SIGKILL ingest, 5 s down, then started again");
        assertThat(drill.steps()).extracting(Drill::hold).containsOnly(Duration.ofSeconds(5));
    }

    @Test
    void aRollingRestartTakesEveryReplicaOfEveryServiceOneAtATime() {
        Drill drill = Drill.rollingRestart(new LocalStack(LocalStack.Layout.defaults(root)), 2, Map.of());

        assertThat(drill.steps()).extracting(Drill::describe).containsExactly(
                "restart role-sync (SIGTERM, then started again)", "restart role-sync-2 (SIGTERM, then started again)",
                "restart moderation (SIGTERM, then started again)", "restart moderation-2 (SIGTERM, then started again)",
                "restart notice-dispatch (SIGTERM, then started again)", "restart notice-dispatch-2 (SIGTERM, then started again)",
                "restart ingest (SIGTERM, then started again)", "restart ingest-2 (SIGTERM, then started again)");
    }

    @Test
    void theReplicaDrillsRefuseAStackOfOneReplica() {
        // Given a stack that recorded no replica count (make run without REPLICAS)
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root));

        // Then both drills say what they need
        for (String drill : List.of("kill-replicas", "rolling")) {
            assertThatThrownBy(() -> Drill.named(drill, stack, Endpoints.local(), Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(drill + " needs 2 or more replicas of each service (REPLICAS=2 make run); this stack runs 1");
        }
    }

    @Test
    void theEndpointsOfAStackOfTwoReplicasNameBothOfRoleSyncAndModeration() throws IOException {
        // Given a run directory where make run recorded 2 replicas
        Files.createDirectories(root.resolve(".run"));
        Files.writeString(root.resolve(".run/replicas"), "2\n");

        Endpoints at = Endpoints.of(new LocalStack(LocalStack.Layout.defaults(root)));

        assertThat(at.roleSyncReplicas()).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8181");
        assertThat(at.moderationReplicas()).containsExactly("http://127.0.0.1:8082", "http://127.0.0.1:8182");
        assertThat(at.emulator()).isEqualTo("http://127.0.0.1:" + StackService.TIM_EMULATOR.defaultPort());
    }

    /** A port nothing listens on: taken from the system, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
