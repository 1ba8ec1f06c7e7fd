package io.roomsync.cli;

import io.roomsync.scenario.Drill;
import io.roomsync.scenario.Endpoints;
import io.roomsync.scenario.ScenarioRunner;
import io.roomsync.stack.LocalStack;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roomsync scenario}: plays a seeded live-room scenario against the running system and checks convergence. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Play a live room's life (joins, chat, spam, a flood, admins, mutes, bans, rejoins) against the running "
                + "system, then check that Tencent (the emulator), role-sync and every client agree on every member.")
public class ScenarioCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--rooms", defaultValue = "1", description = "rooms (default ${DEFAULT-VALUE})")
    int rooms;

    @Option(names = "--viewers", defaultValue = "50", description = "viewers per room (default ${DEFAULT-VALUE})")
    int viewers;

    @Option(names = "--seed", defaultValue = "7", description = "the same seed plays the same scenario (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--settle", defaultValue = "120", description = "seconds to wait for convergence (default ${DEFAULT-VALUE})")
    long settleSeconds;

    @Option(names = "--fault", defaultValue = "none", description = {
            "a fault in the middle of the scenario, on the processes of make run: none (default), kill:SERVICE "
                    + "(SIGKILL, then started again; SERVICE: ingest, role-sync, moderation, notice-dispatch), kafka "
                    + "(broker stopped, then started), kill:kafka, tencent[:PERCENT] (Tencent fails PERCENT% of REST "
                    + "calls, half errors, half timeouts; default 20)"})
    String fault;

    @Option(names = "--down", defaultValue = "8", description = "seconds a killed or stopped part stays down (default ${DEFAULT-VALUE})")
    long downSeconds;

    @Option(names = "--root", defaultValue = "${sys:roomsync.root:-.}",
            description = "the checkout whose make run stack the fault acts on (default: bin/roomsync's)")
    java.nio.file.Path root;

    @Option(names = "--emulator", defaultValue = "${env:ROOMSYNC_IM_DOMAIN:-http://127.0.0.1:8090}")
    String emulator;

    @Option(names = "--role-sync", defaultValue = "${env:ROOMSYNC_ROLE_SYNC_URL:-http://127.0.0.1:8081}")
    String roleSync;

    @Option(names = "--moderation", defaultValue = "${env:ROOMSYNC_MODERATION_URL:-http://127.0.0.1:8082}")
    String moderation;

    @Option(names = "--kafka", defaultValue = "${env:ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String kafka;

    @Option(names = "--registry", defaultValue = "${env:ROOMSYNC_REGISTRY_URL:-http://127.0.0.1:8088/apis/registry/v3}")
    String registry;

    @Override
    public Integer call() throws Exception {
        Endpoints at = new Endpoints(emulator, roleSync, moderation, kafka, registry);
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root.toAbsolutePath().normalize()));
        Drill drill = Drill.named(fault, stack, at, Duration.ofSeconds(downSeconds));
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(at, rooms, viewers, seed, drill, Duration.ofSeconds(settleSeconds),
                System.out);
        return outcome.passed() ? 0 : 1;
    }
}
