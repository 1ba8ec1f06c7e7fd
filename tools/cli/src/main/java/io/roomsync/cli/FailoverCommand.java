package io.roomsync.cli;

import io.roomsync.scenario.Endpoints;
import io.roomsync.scenario.FailoverPause;
import io.roomsync.scenario.Settling;
import io.roomsync.stack.LocalStack;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code roomsync failover}: measures the failover pause on the running {@code REPLICAS=2 make run} stack (issue 18;
 * README, "Kubernetes: pod failures and rolling restarts"). Exit code 0 when it measured.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Measure the failover pause on the running stack (REPLICAS=2 make run): steady mutes and unmutes over many rooms, "
                + "then replica 1 of role-sync and notice-dispatch struck at once; prints how long commands waited for "
                + "their state and their notice, without and with the fault, and the ratio.")
public class FailoverCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--fault", paramLabel = "FAULT", defaultValue = "kill",
            description = "kill (SIGKILL) or restart (SIGTERM), started again after --down; default ${DEFAULT-VALUE}")
    String fault;

    @Option(names = "--rooms", paramLabel = "N", defaultValue = "50", description = "rooms (default ${DEFAULT-VALUE})")
    int rooms;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20", description = "commands per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--members", paramLabel = "N", defaultValue = "5",
            description = "members per room the commands mute and unmute in turn (default ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "15", description = "the least load before the "
            + "baseline; then it waits until the stack has settled (--settled-wait, --steady) (default ${DEFAULT-VALUE})")
    long warmUp;

    @Option(names = "--settled-wait", paramLabel = "MS", defaultValue = "3000", description = "settled: no command waited "
            + "longer than this for its state or its notice for --steady seconds (default ${DEFAULT-VALUE})")
    long settledWait;

    @Option(names = "--steady", paramLabel = "SECONDS", defaultValue = "20",
            description = "how long the load must stay under --settled-wait before the baseline (default ${DEFAULT-VALUE})")
    long steady;

    @Option(names = "--settle-patience", paramLabel = "SECONDS", defaultValue = "240", description = "how long after the "
            + "warm-up to wait for that; the baseline then starts anyway, marked NOT SETTLED (default ${DEFAULT-VALUE})")
    long settlePatience;

    @Option(names = "--baseline", paramLabel = "SECONDS", defaultValue = "30", description = "the window without a fault (default ${DEFAULT-VALUE})")
    long baseline;

    @Option(names = "--gap", paramLabel = "SECONDS", defaultValue = "5", description = "the fault window starts this long "
            + "before the strike, so that commands sent just before it count with the fault (default ${DEFAULT-VALUE})")
    long gap;

    @Option(names = "--after", paramLabel = "SECONDS", defaultValue = "60", description = "load after the strike (default ${DEFAULT-VALUE})")
    long after;

    @Option(names = "--down", paramLabel = "SECONDS", description = "seconds a struck replica stays down before it is started "
            + "again (default 8 for kill, 0 for restart; a restart's later start keeps its JVM start apart from the hand-over)")
    Long down;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${sys:roomsync.root:-.}",
            description = "the checkout whose make run stack this acts on (default ${DEFAULT-VALUE}, bin/roomsync's)")
    java.nio.file.Path root;

    @Override
    public Integer call() throws Exception {
        LocalStack stack = new LocalStack(LocalStack.Layout.defaults(root.toAbsolutePath().normalize()));
        FailoverPause.Fault struck = FailoverPause.Fault.valueOf(fault.toUpperCase(java.util.Locale.ROOT));
        long downSeconds = down != null ? down : struck == FailoverPause.Fault.KILL ? 8 : 0;
        FailoverPause.Settings settings = new FailoverPause.Settings(rooms, rate, members, Duration.ofSeconds(warmUp),
                new Settling.Rule(settledWait, steady * 1000), Duration.ofSeconds(settlePatience), Duration.ofSeconds(baseline),
                Duration.ofSeconds(gap), Duration.ofSeconds(after), Duration.ofSeconds(downSeconds));
        new FailoverPause(stack, Endpoints.of(stack), settings, System.out).run(struck);
        return 0;
    }
}
