package io.roomsync.cli;

import io.roomsync.scenario.Endpoints;
import io.roomsync.scenario.ScenarioRunner;
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

    @Option(names = "--emulator", defaultValue = "${env:ROOMSYNC_IM_DOMAIN:-http://127.0.0.1:8090}")
    String emulator;

    @Option(names = "--role-sync", defaultValue = "${env:ROOMSYNC_ROLE_SYNC_URL:-http://127.0.0.1:8081}")
    String roleSync;

    @Option(names = "--moderation", defaultValue = "${env:ROOMSYNC_MODERATION_URL:-http://127.0.0.1:8082}")
    String moderation;

    @Override
    public Integer call() throws Exception {
        ScenarioRunner.Outcome outcome = ScenarioRunner.run(new Endpoints(emulator, roleSync, moderation), rooms, viewers, seed,
                Duration.ofSeconds(settleSeconds), System.out);
        return outcome.converged() ? 0 : 1;
    }
}
