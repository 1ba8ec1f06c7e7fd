package io.roomsync.bench;

import io.roomsync.contract.Topic;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench}: starts a fresh stack of its own on spare ports (so it neither needs nor disturbs
 * {@code make run}), measures, prints every run and a summary of ratios, and stops what it started.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("roomsync.root", ".")).toAbsolutePath().normalize();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        LocalStack stack = new LocalStack(benchLayout(root));
        if (args.length > 0 && args[0].equals("down")) {
            System.out.println("bench: stopped " + stack.down());
            return;
        }
        deleteRecursively(stack.layout().runDir());
        List<Report> reports = new ArrayList<>();
        String emulatorCapacity = "not measured in this run (suite emulator)";
        try {
            System.out.println("bench: starting Kafka, the registry, the emulator and ingest on spare ports...");
            stack.up(List.of(StackService.TIM_EMULATOR, StackService.INGEST), Map.of("ROOMSYNC_INGEST_BENCH_ENDPOINT", "true"))
                    .forEach(line -> System.out.println("  " + line));
            if (settings.suites().contains("ingest")) {
                reports.add(measured("ingest", () -> new IngestSuite(settings, stack.layout().port(StackService.INGEST)).run()));
            }
            BenchKafka kafka = new BenchKafka(stack.layout().bootstrapServers(), stack.layout().registryApiUrl());
            // role-sync and notice-dispatch start only now: the ingest suite measures ingest against a bare endpoint,
            // and consumers of its events on the same two cores would measure them too (in production they run
            // elsewhere). role-sync then reads the suite's callbacks before the next suite begins.
            System.out.println("  " + stack.startService(StackService.ROLE_SYNC, Map.of()));
            System.out.println("  " + stack.startService(StackService.NOTICE_DISPATCH, Map.of()));
            long backlog = kafka.awaitCaughtUp("roomsync-role-sync", Topic.IM_EVENTS.defaultName(), Duration.ofMinutes(10));
            System.out.println("  role-sync caught up on " + Topic.IM_EVENTS.defaultName() + " (" + backlog + " events still to read when asked)");
            EmulatorControl emulator = new EmulatorControl(stack.layout().port(StackService.TIM_EMULATOR));
            if (settings.suites().contains("emulator")) {
                // First, with the services idle: what Tencent's stand-in can serve, printed beside what they achieve.
                EmulatorSuite suite = new EmulatorSuite(settings, emulator);
                reports.add(measured("emulator", suite::run));
                emulatorCapacity = suite.capacity();
            }
            if (settings.suites().contains("role-sync")) {
                reports.add(measured("role-sync", () -> new RoleSyncSuite(settings, kafka, emulator,
                        stack.managementPort(io.roomsync.stack.Instance.first(StackService.ROLE_SYNC))).run()));
            }
            if (settings.suites().contains("spam-wave")) {
                reports.add(measured("spam-wave", () -> new SpamWaveSuite(settings, kafka, emulator).run()));
            }
            if (settings.suites().contains("notices")) {
                reports.add(measured("notices", () -> new NoticeSuite(settings, kafka, emulator).run()));
            }
            if (settings.suites().contains("mute")) {
                // Moderation starts only now: it judges every callback ingest publishes, and running from the start
                // it would take CPU from the suites before (it halved ingest's throughput on two cores). Before the
                // moderation suite, whose app-wide policy would judge these rooms too.
                System.out.println("  " + stack.startService(StackService.MODERATION, Map.of()));
                reports.add(measured("mute", () -> new MuteSuite(Integer.getInteger("bench.mute-samples", 10), emulator,
                        stack.layout().port(StackService.ROLE_SYNC), stack.layout().port(StackService.MODERATION)).run()));
            }
            if (settings.suites().contains("moderation")) {
                reports.add(measured("moderation", () -> new ModerationSuite(settings, stack.layout().port(StackService.INGEST),
                        stack.managementPort(io.roomsync.stack.Instance.first(StackService.INGEST)), kafka).run()));
            }
        } finally {
            if (Boolean.getBoolean("bench.keep-stack")) {
                System.out.println("bench: the stack stays up (bench.keep-stack); tools/bench/run.sh down stops it");
            } else {
                stack.down();
            }
        }
        System.out.println();
        System.out.printf("roomsync bench, %d cores, Java %s (%s), %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), java.time.LocalDate.now());
        System.out.println("Everything (load generator, services, Kafka, registry) shares this machine: compare ratios, not absolutes.");
        for (Report report : reports) {
            report.context(String.format("machine: %d cores; emulator capacity: %s",
                    Runtime.getRuntime().availableProcessors(), emulatorCapacity));
            System.out.println();
            System.out.println(report.render());
        }
        System.out.println();
        System.out.println("== summary");
        reports.forEach(report -> report.summary().forEach(line -> System.out.println("  " + line)));
        System.out.println();
        System.out.print(Report.table(reports));
    }

    /**
     * A suite's report; a suite that fails is reported as failed, with why, and the others still run (one broken
     * suite must not cost the figures of all the others).
     */
    private static Report measured(String suite, java.util.concurrent.Callable<Report> run) {
        try {
            return run.call();
        } catch (Exception e) {
            System.out.println("bench: suite " + suite + " failed: " + e);
            Report failed = new Report(suite + ": FAILED", Report.Kind.NOTES);
            failed.note(suite + " failed: " + e);
            return failed;
        }
    }

    private static LocalStack.Layout benchLayout(Path root) {
        LocalStack.Layout defaults = LocalStack.Layout.defaults(root);
        Map<StackService, Integer> ports = new java.util.EnumMap<>(StackService.class);
        for (StackService service : StackService.values()) {
            ports.put(service, 10000 + service.defaultPort());
        }
        return new LocalStack.Layout(root, defaults.stackHome(), root.resolve(".run/bench"), 19092, 19093, 18088, 18089, ports);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
