package io.roomsync.cli;

import io.roomsync.scenario.BrowserPagesUnavailable;
import io.roomsync.scenario.Drill;
import io.roomsync.scenario.Endpoints;
import io.roomsync.scenario.ScenarioRunner;
import io.roomsync.scenario.SeedAlreadyPlayed;
import io.roomsync.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roomsync scenario}: plays a seeded live-room scenario against the running system and checks convergence.
 * Exit code 0 when it passed, 1 when it did not converge or lost a callback, 2 when the seed was played on this stack
 * already (its rooms exist; one line says so and how to play again) or {@code --browser-pages} cannot open its pages
 * (no Chromium or ChromeDriver, or no demo page; one line says what is missing).
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Play a live room's life (joins, chat, spam, a flood, admins, mutes, bans, rejoins) against the running "
                + "system, then check that Tencent (the emulator), role-sync and every client agree on every member.")
public class ScenarioCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--rooms", paramLabel = "N", defaultValue = "1", description = "rooms, at least 1 (default ${DEFAULT-VALUE})")
    int rooms;

    @Option(names = "--viewers", paramLabel = "N", defaultValue = "50", description = "viewers per room, at least " + ScenarioRunner.MIN_VIEWERS
            + " (each of the first 13 has a part in the story; default ${DEFAULT-VALUE})")
    int viewers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "the same seed plays the same scenario, with the "
            + "same room ids: a seed plays once per stack (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "120", description = "seconds to wait for convergence (default ${DEFAULT-VALUE})")
    long settleSeconds;

    // %% is a literal %: picocli formats descriptions with String.format.
    @Option(names = "--fault", paramLabel = "FAULT", defaultValue = "none", description = {
            "a fault in the middle of the scenario, on the processes of make run (default ${DEFAULT-VALUE}): none, kill:SERVICE "
                    + "(SIGKILL, then started again; SERVICE: ingest, role-sync, moderation, notice-dispatch), kafka "
                    + "(broker stopped, then started), kill:kafka, registry (every service restarted, then the schema "
                    + "registry stopped, then started; the issue's drill is --down 20), tencent[:PERCENT] (Tencent fails PERCENT%% of REST "
                    + "calls, half errors, half timeouts; default 20); with REPLICAS=2 make run (2 or more replicas): "
                    + "kill-replicas (SIGKILL replica 1 of role-sync, moderation, notice-dispatch and ingest in turn, each "
                    + "down --down seconds, started again and ready before the next), rolling (rolling restart: every "
                    + "replica of every service stopped with SIGTERM, started and ready, one at a time)"})
    String fault;

    @Option(names = "--browser-pages", paramLabel = "N", defaultValue = "0", description = "real demo room pages (headless "
            + "Chromium, the emulator's /web/demo/) joining the rooms as viewers, spread over them in turn; the operators "
            + "mute each room's first page and make its second admin, and the convergence check requires what every page "
            + "shows (every member's badges, its own state, chat input and admin controls) to match; needs Debian's "
            + "chromium and chromium-driver (default ${DEFAULT-VALUE})")
    int browserPages;

    @Option(names = "--down", paramLabel = "SECONDS", defaultValue = "8", description = "seconds a killed or stopped part stays down (default ${DEFAULT-VALUE})")
    long downSeconds;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${sys:roomsync.root:-.}",
            description = "the checkout whose make run stack the fault acts on (default ${DEFAULT-VALUE}, bin/roomsync's)")
    java.nio.file.Path root;

    @Option(names = "--emulator", paramLabel = "URL", defaultValue = "${env:ROOMSYNC_IM_DOMAIN:-http://127.0.0.1:8090}",
            description = "the Tencent IM emulator (env ROOMSYNC_IM_DOMAIN, default ${DEFAULT-VALUE})")
    String emulator;

    @Option(names = "--role-sync", paramLabel = "URL", split = ",", defaultValue = "${env:ROOMSYNC_ROLE_SYNC_URL:-" + FROM_STACK + "}",
            description = "role-sync's API: a URL, or several (replicas, comma-separated) tried in turn when one is down "
                    + "(env ROOMSYNC_ROLE_SYNC_URL, default ${DEFAULT-VALUE}: every replica the make run stack of --root "
                    + "runs, http://127.0.0.1:8081 and 100 ports further per replica)")
    List<String> roleSync;

    @Option(names = "--moderation", paramLabel = "URL", split = ",", defaultValue = "${env:ROOMSYNC_MODERATION_URL:-" + FROM_STACK + "}",
            description = "moderation's API: a URL, or several (replicas, comma-separated) tried in turn when one is down "
                    + "(env ROOMSYNC_MODERATION_URL, default ${DEFAULT-VALUE}: every replica the make run stack of --root "
                    + "runs, http://127.0.0.1:8082 and 100 ports further per replica)")
    List<String> moderation;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "${env:ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE})")
    String kafka;

    @Option(names = "--registry", paramLabel = "URL", defaultValue = "${env:ROOMSYNC_REGISTRY_URL:-http://127.0.0.1:8088/apis/registry/v3}",
            description = "Apicurio Registry API (env ROOMSYNC_REGISTRY_URL, default ${DEFAULT-VALUE})")
    String registry;

    /** The default of --role-sync and --moderation: the replicas make run started ({@link Endpoints#of}). */
    static final String FROM_STACK = "stack";

    @Spec
    CommandSpec spec;

    private static boolean fromStack(List<String> urls) {
        return urls.equals(List.of(FROM_STACK));
    }

    @Override
    public Integer call() throws Exception {
        if (rooms < 1 || viewers < ScenarioRunner.MIN_VIEWERS) {
            throw new ParameterException(spec.commandLine(), "--rooms must be at least 1 and --viewers at least "
                    + ScenarioRunner.MIN_VIEWERS + " (each of the first " + ScenarioRunner.MIN_VIEWERS + " viewers has a part in the story)");
        }
        if (browserPages < 0) {
            throw new ParameterException(spec.commandLine(), "--browser-pages must be at least 0");
        }
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root.toAbsolutePath().normalize()));
        Endpoints replicas = Endpoints.of(stack);
        Endpoints at = new Endpoints(emulator, fromStack(roleSync) ? replicas.roleSyncReplicas() : roleSync,
                fromStack(moderation) ? replicas.moderationReplicas() : moderation, kafka, registry);
        Drill drill = Drill.named(fault, stack, at, Duration.ofSeconds(downSeconds));
        try {
            ScenarioRunner.Outcome outcome = ScenarioRunner.run(at, rooms, viewers, seed, drill, browserPages,
                    Duration.ofSeconds(settleSeconds), System.out);
            return outcome.passed() ? 0 : 1;
        } catch (SeedAlreadyPlayed e) {
            // A user's mistake, not a failure of roomsync: one line with the way out, no stack trace.
            spec.commandLine().getErr().println("roomsync scenario: " + e.getMessage()
                    + "; play another seed (--seed, or make demo SEED=...) or start from an empty stack (make clean, make run)");
            return 2;
        } catch (BrowserPagesUnavailable e) {
            spec.commandLine().getErr().println("roomsync scenario: " + e.getMessage());
            return 2;
        }
    }
}
