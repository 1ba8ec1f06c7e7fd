package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.Instance;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fuzz suite of issue 12 on the real system: the emulator as Tencent, and ingest, role-sync, moderation and
 * notice-dispatch from their built jars on the test stack's broker and registry. A bounded, seeded run
 * ({@code fuzz.count}, default 300; {@code fuzz.seed}, default 12) must find nothing: every answer documented and
 * never a 5xx, every service ready afterwards, moderation still judging, ingest's counters balanced and the topic
 * holding exactly the accepted callbacks. Every failing request is printed (three of each kind above 1,000
 * requests, {@code fuzz.examples}), and all are written to {@code target/fuzz-failures.txt}.
 */
@ExtendWith(RoomsyncStackExtension.class)
class FuzzIT {

    private static final int INGEST_PORT = TestStack.freePortNumber();
    private static final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0,
            "http://127.0.0.1:" + INGEST_PORT + "/tencent-im/callback"));
    private static LocalStack processes;
    private static FuzzTarget target;

    @BeforeAll
    static void startRoomsync() throws IOException {
        Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
        ports.put(StackService.TIM_EMULATOR, emulator.port());
        ports.put(StackService.INGEST, INGEST_PORT);
        ports.put(StackService.ROLE_SYNC, TestStack.freePortNumber());
        ports.put(StackService.MODERATION, TestStack.freePortNumber());
        ports.put(StackService.NOTICE_DISPATCH, TestStack.freePortNumber());
        processes = TestStack.get().processes(ports);
        Path state = Files.createTempDirectory(Path.of("target"), "fuzz-").toAbsolutePath();
        Map<StackService, Map<String, String>> environments = Map.of(
                StackService.INGEST, Map.of(),
                StackService.ROLE_SYNC, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                        "ROOMSYNC_ROLE_SYNC_STATE_DIR", state.resolve("role-sync").toString()),
                StackService.MODERATION, Map.of("ROOMSYNC_MODERATION_STATE_DIR", state.resolve("moderation").toString()),
                StackService.NOTICE_DISPATCH, Map.of("ROOMSYNC_NOTICES_STATE_DIR", state.resolve("notices").toString()));
        // The four start side by side: none waits for another, and their start-ups overlap their waits on Kafka.
        CompletableFuture.allOf(environments.entrySet().stream()
                .map(service -> CompletableFuture.runAsync(() -> processes.startService(service.getKey(), service.getValue())))
                .toArray(CompletableFuture[]::new)).join();
        Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        servicePorts.put(Service.INGEST, INGEST_PORT);
        servicePorts.put(Service.ROLE_SYNC, ports.get(StackService.ROLE_SYNC));
        servicePorts.put(Service.MODERATION, ports.get(StackService.MODERATION));
        servicePorts.put(Service.NOTICE_DISPATCH, ports.get(StackService.NOTICE_DISPATCH));
        Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            managementPorts.put(service, processes.managementPort(Instance.first(StackService.byId(service.id()))));
        }
        target = new FuzzTarget("127.0.0.1", servicePorts, TestStack.get().bootstrapServers(), TestStack.get().registryUrl(),
                FuzzTarget.local().sdkAppId(), FuzzTarget.local().callbackToken(), managementPorts);
    }

    @AfterAll
    static void stop() {
        processes.down();
        emulator.close();
    }

    @Test
    void noMutatedRequestGetsAnUndocumentedAnswerOrLeavesTheSystemWorse() throws IOException {
        // Given the system running, when a seeded run of mutated callbacks, API requests, policies and HTTP oddities
        // is sent to it
        int count = Integer.getInteger("fuzz.count", 300);
        long seed = Long.getLong("fuzz.seed", 12);
        FuzzReport report = FuzzRun.run(target, FuzzRun.Options.of(count, seed, true), System.out);

        // Then every failing request is shown (and kept in target/fuzz-failures.txt)
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        report.printAll(new PrintStream(all, true, StandardCharsets.UTF_8));
        Files.write(Path.of("target", "fuzz-failures.txt"), all.toByteArray());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        int examples = Integer.getInteger("fuzz.examples", count <= 1000 ? Integer.MAX_VALUE : 3);
        report.print(new PrintStream(summary, true, StandardCharsets.UTF_8), examples);
        System.out.println(summary.toString(StandardCharsets.UTF_8));

        // And there are none: no 5xx, every answer documented, ready, balanced, exactly the accepted events
        assertThat(report.sent()).isGreaterThanOrEqualTo(count);
        assertThat(report.kinds().keySet()).as("kinds of failure (each request is in the report above and in "
                + "target/fuzz-failures.txt)").isEmpty();
        assertThat(report.fiveHundreds()).isZero();
        assertThat(report.counters().balanced()).isTrue();
        assertThat(report.ledger().exact()).isTrue();
    }
}
