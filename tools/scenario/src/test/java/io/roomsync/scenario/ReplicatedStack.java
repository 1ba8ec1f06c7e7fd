package io.roomsync.scenario;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.Instance;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The deployment users run, for a test: {@code replicas} replicas of each service (ingest, role-sync, moderation,
 * notice-dispatch) from their built jars, each with its own port and state directory, on the test stack's broker and
 * registry; the emulator as Tencent in this JVM, spreading its callbacks over every ingest replica as the load
 * balancer before them does. Replicas of one service start side by side, services in order.
 */
final class ReplicatedStack implements AutoCloseable {

    static final List<StackService> SERVICES = List.of(StackService.INGEST, StackService.ROLE_SYNC,
            StackService.MODERATION, StackService.NOTICE_DISPATCH);

    final int replicas;
    final TimEmulator emulator;
    final LocalStack processes;
    final Endpoints endpoints;
    /** Each service's extra environment, as started (replica k gets the state directories with "-k" appended). */
    final Map<StackService, Map<String, String>> environments = new EnumMap<>(StackService.class);
    private final Map<StackService, int[]> ports = new EnumMap<>(StackService.class);

    /**
     * Starts them all and waits until every replica is ready.
     *
     * @param roleSyncEnvironment role-sync's environment besides its state directory
     */
    ReplicatedStack(int replicas, Map<String, String> roleSyncEnvironment) throws Exception {
        this.replicas = replicas;
        for (StackService service : SERVICES) {
            ports.put(service, IntStream.range(0, replicas).map(r -> TestStack.freePortNumber()).toArray());
        }
        emulator = TimEmulator.start(EmulatorConfig.dev(0, String.join(",", urls(StackService.INGEST, "/tencent-im/callback"))));
        Map<StackService, Integer> firstPorts = new EnumMap<>(StackService.class);
        firstPorts.put(StackService.TIM_EMULATOR, emulator.port());
        SERVICES.forEach(service -> firstPorts.put(service, ports.get(service)[0]));
        processes = TestStack.get().processes(firstPorts);
        for (StackService service : SERVICES) {
            for (int replica = 2; replica <= replicas; replica++) {
                processes.placing(new Instance(service, replica), ports.get(service)[replica - 1]);
            }
        }
        Path state = Files.createTempDirectory(Path.of("target"), "replicas-").toAbsolutePath();
        environments.put(StackService.INGEST, Map.of());
        Map<String, String> roleSync = new java.util.HashMap<>(roleSyncEnvironment);
        roleSync.put("ROOMSYNC_ROLE_SYNC_STATE_DIR", state.resolve("role-sync").toString());
        environments.put(StackService.ROLE_SYNC, Map.copyOf(roleSync));
        environments.put(StackService.MODERATION, Map.of("ROOMSYNC_MODERATION_STATE_DIR", state.resolve("moderation").toString()));
        environments.put(StackService.NOTICE_DISPATCH, Map.of("ROOMSYNC_NOTICES_STATE_DIR", state.resolve("notices").toString()));
        ExecutorService starters = Executors.newFixedThreadPool(replicas);
        try {
            for (StackService service : SERVICES) {
                List<Callable<String>> starts = IntStream.rangeClosed(1, replicas).<Callable<String>>mapToObj(replica ->
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

    /** Where replica {@code replica} (1, 2, ...) of {@code service} serves Prometheus. */
    String prometheus(StackService service, int replica) {
        return processes.managementUrl(new Instance(service, replica)) + "/actuator/prometheus";
    }

    @Override
    public void close() {
        if (processes != null) {
            processes.down();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private List<String> urls(StackService service, String path) {
        return java.util.Arrays.stream(ports.get(service)).mapToObj(port -> "http://127.0.0.1:" + port + path).toList();
    }
}
