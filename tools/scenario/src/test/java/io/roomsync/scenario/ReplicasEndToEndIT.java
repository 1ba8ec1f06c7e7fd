package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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
    private static final List<StackService> SERVICES = List.of(StackService.INGEST, StackService.ROLE_SYNC,
            StackService.MODERATION, StackService.NOTICE_DISPATCH);
    private static final Map<StackService, int[]> ports = new EnumMap<>(StackService.class);
    private static final Map<StackService, Map<String, String>> environments = new EnumMap<>(StackService.class);
    private static TimEmulator emulator;
    private static LocalStack processes;
    private static Endpoints endpoints;

    @BeforeAll
    static void startTwoReplicasOfEachService() throws Exception {
        for (StackService service : SERVICES) {
            ports.put(service, new int[] {TestStack.freePortNumber(), TestStack.freePortNumber()});
        }
        emulator = TimEmulator.start(EmulatorConfig.dev(0, String.join(",", urls(StackService.INGEST, "/tencent-im/callback"))));
        Map<StackService, Integer> firstPorts = new EnumMap<>(StackService.class);
        firstPorts.put(StackService.TIM_EMULATOR, emulator.port());
        SERVICES.forEach(service -> firstPorts.put(service, ports.get(service)[0]));
        processes = TestStack.get().processes(firstPorts);
        SERVICES.forEach(service -> processes.placing(new Instance(service, 2), ports.get(service)[1]));
        // Replica 2 of each gets these directories with "-2" appended (Instance#ownStateDirectories).
        Path state = Files.createTempDirectory(Path.of("target"), "replicas-").toAbsolutePath();
        environments.put(StackService.INGEST, Map.of());
        environments.put(StackService.ROLE_SYNC, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                "ROOMSYNC_ROLE_SYNC_STATE_DIR", state.resolve("role-sync").toString()));
        environments.put(StackService.MODERATION, Map.of("ROOMSYNC_MODERATION_STATE_DIR", state.resolve("moderation").toString()));
        environments.put(StackService.NOTICE_DISPATCH, Map.of("ROOMSYNC_NOTICES_STATE_DIR", state.resolve("notices").toString()));
        // The replicas of one service start side by side (each waits for its own readiness), services in order.
        ExecutorService starters = Executors.newFixedThreadPool(REPLICAS);
        try {
            for (StackService service : SERVICES) {
                List<Callable<String>> starts = IntStream.rangeClosed(1, REPLICAS).<Callable<String>>mapToObj(replica ->
                        () -> processes.startService(new Instance(service, replica), environments.get(service))).toList();
                for (Future<String> started : starters.invokeAll(starts)) {
                    started.get();
                }
            }
        } finally {
            starters.shutdownNow();
        }
        endpoints = new Endpoints(emulator.baseUrl(), urls(StackService.ROLE_SYNC, ""), urls(StackService.MODERATION, ""),
                TestStack.get().bootstrapServers(), TestStack.get().registryUrl());
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.down();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aReplicaOfEachServiceKilledInTurnMidScenarioLosesNothingAndDoublesNothing() throws Exception {
        // Given two replicas of every service, when a scenario plays while replica 1 of role-sync, moderation,
        // notice-dispatch and ingest is SIGKILLed in turn, each down 5 s and ready again before the next
        Drill drill = Drill.killReplicas(processes, REPLICAS, environments, Duration.ofSeconds(5));
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(endpoints, 1, 50, 31, drill, Duration.ofSeconds(180), System.out);

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

    private static List<String> urls(StackService service, String path) {
        return java.util.Arrays.stream(ports.get(service)).mapToObj(port -> "http://127.0.0.1:" + port + path).toList();
    }
}
