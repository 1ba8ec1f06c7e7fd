package io.roomsync.cli;

import io.roomsync.fuzz.FuzzReport;
import io.roomsync.fuzz.FuzzRun;
import io.roomsync.fuzz.FuzzTarget;
import io.roomsync.fuzz.Service;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roomsync fuzz}: the fuzz suite of issue 12 against the running system ({@code make fuzz}). */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Send seeded mutations of Tencent's callbacks, of role-sync's and moderation's requests and policies, "
                + "and of HTTP itself to the running system; check every answer (documented status and body shape, never "
                + "a 5xx), then that every service is ready, moderation still judges, ingest's received = published + "
                + "rejected and roomsync.im-events.v1 holds exactly the accepted callbacks.",
                "Writes policies for its own rooms (fz<seed>-...) and deletes them at the end. Exit code 1 when anything failed, "
                + "2 when the system does not answer."})
public class FuzzCommand implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "2000", description = "requests to generate (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "the same seed sends the same requests (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--examples", defaultValue = "3", description = "failing requests shown per kind (default ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--out", paramLabel = "FILE", description = "write every failing request to FILE")
    Path out;

    @Option(names = "--exclusive", description = "nothing else sends callbacks meanwhile: ingest's published count must "
            + "equal the callbacks the run saw accepted")
    boolean exclusive;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "where the services listen (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--ingest-port", defaultValue = "8080", description = "ingest's port (default ${DEFAULT-VALUE})")
    int ingestPort;

    @Option(names = "--role-sync-port", defaultValue = "8081", description = "role-sync's port (default ${DEFAULT-VALUE})")
    int roleSyncPort;

    @Option(names = "--moderation-port", defaultValue = "8082", description = "moderation's port (default ${DEFAULT-VALUE})")
    int moderationPort;

    @Option(names = "--notice-dispatch-port", defaultValue = "8083", description = "notice-dispatch's port (default ${DEFAULT-VALUE})")
    int noticeDispatchPort;

    @Option(names = "--kafka", defaultValue = "${env:ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers, for the topic ledger (env ROOMSYNC_KAFKA_BOOTSTRAP_SERVERS, default ${DEFAULT-VALUE})")
    String kafka;

    @Option(names = "--registry", defaultValue = "${env:ROOMSYNC_REGISTRY_URL:-http://127.0.0.1:8088/apis/registry/v3}",
            description = "Apicurio Registry API (env ROOMSYNC_REGISTRY_URL, default ${DEFAULT-VALUE})")
    String registry;

    @Option(names = "--app", defaultValue = "${env:ROOMSYNC_IM_SDK_APP_ID:-1400000000}",
            description = "the IM app ingest serves (env ROOMSYNC_IM_SDK_APP_ID, default ${DEFAULT-VALUE})")
    long app;

    @Option(names = "--callback-token", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            defaultValue = "${env:ROOMSYNC_IM_CALLBACK_TOKEN:-dev-callback-token}",
            description = "the app's callback token, to sign callbacks (env ROOMSYNC_IM_CALLBACK_TOKEN, default: the dev token)")
    String callbackToken;

    @Override
    public Integer call() throws Exception {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.INGEST, ingestPort);
        ports.put(Service.ROLE_SYNC, roleSyncPort);
        ports.put(Service.MODERATION, moderationPort);
        ports.put(Service.NOTICE_DISPATCH, noticeDispatchPort);
        FuzzTarget target = new FuzzTarget(host, ports, kafka, registry, app, callbackToken);
        FuzzReport report;
        try {
            report = FuzzRun.run(target, FuzzRun.Options.of(count, seed, exclusive), System.out);
        } catch (FuzzRun.Unreachable e) {
            System.err.println("roomsync fuzz: " + e.getMessage());
            return 2;
        }
        report.print(System.out, examples);
        if (out != null && !report.passed()) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (PrintStream file = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
                report.printAll(file);
            }
            System.out.println("every failing request: " + out);
        }
        return report.passed() ? 0 : 1;
    }
}
