package io.roomsync.bench;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.tim.UserSig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The emulator's own capacity, so that what the other suites measure is the services and not their stand-in for
 * Tencent: signed REST calls posted straight to it, open loop, at rising rates spread over six APIs
 * ({@code forbid_send_msg}, {@code send_group_msg}, {@code ban_group_member}, {@code unban_group_member},
 * {@code get_group_muted_account}, {@code get_admin_list}) and 50 rooms. Up to 1,000 calls/s every API stays within
 * Tencent's 200/s, so every call is served in full (what the services can ask for at most: their client paces each
 * API at 180/s); above it most answers are 60007, the emulator's own rate limit, which still costs the HTTP exchange,
 * the signature check and the rate check. Latency is measured from when each call was due.
 */
final class EmulatorSuite {

    private static final int ROOMS = 50;
    private static final String ROOM_PREFIX = "bench_e";
    private static final List<String> APIS = List.of("group_open_http_svc/forbid_send_msg",
            "group_open_http_svc/send_group_msg", "group_open_http_svc/ban_group_member",
            "group_open_http_svc/unban_group_member", "group_open_http_svc/get_group_muted_account",
            "group_open_avchatroom_http_svc/get_admin_list");
    private static final List<String> COMMANDS = APIS.stream().map(api -> api.substring(api.indexOf('/') + 1)).toList();

    private final BenchSettings settings;
    private final EmulatorControl emulator;
    private final String query;
    /** Distinct per suite run, so no send is a duplicate (Random and content) of an earlier run's. */
    private final long nonce = System.nanoTime();
    private String capacity = "not measured";

    EmulatorSuite(BenchSettings settings, EmulatorControl emulator) {
        this.settings = settings;
        this.emulator = emulator;
        long now = Instant.now().getEpochSecond();
        String userSig = UserSig.generate(EmulatorConfig.DEV_APP, EmulatorConfig.DEV_SECRET_KEY, "administrator",
                Duration.ofDays(1).toSeconds(), now);
        this.query = "?sdkappid=" + EmulatorConfig.DEV_APP + "&identifier=administrator&usersig=" + userSig
                + "&random=1&contenttype=json";
        for (int r = 0; r < ROOMS; r++) {
            emulator.createRoom(ROOM_PREFIX + r);
            emulator.join(ROOM_PREFIX + r, List.of("viewer"));
        }
    }

    Report run() throws InterruptedException {
        Report report = new Report("the emulator itself: signed REST calls straight to it, open loop, over " + APIS.size()
                + " APIs and " + ROOMS + " rooms (" + settings.connections() + " connections)", Report.Kind.NOTES);
        Map<Double, List<LoadRun.Result>> byRate = new TreeMap<>();
        Map<Double, List<Double>> servedShare = new TreeMap<>();
        System.out.println("emulator: warming up at " + settings.emulatorRates().get(0) + " calls/s for 5 s");
        LoadRun.run("warm-up", "127.0.0.1", emulator.port(), settings.connections(), settings.emulatorRates().get(0),
                Duration.ofSeconds(5), this::call);
        for (int round = 1; round <= settings.pipelineRounds(); round++) {
            for (double rate : settings.emulatorRates()) {
                // Tencent counts per wall-clock second: the second the last level ended in is not this level's.
                Thread.sleep(1_100);
                Map<String, Long> before = emulator.calls();
                LoadRun.Result result = LoadRun.run("emulator", "127.0.0.1", emulator.port(), settings.connections(), rate,
                        settings.emulatorDuration(), this::call);
                long answered = emulator.callsSince(before, COMMANDS);
                long served = answered - refusedForRate(before);
                byRate.computeIfAbsent(rate, r -> new ArrayList<>()).add(result);
                servedShare.computeIfAbsent(rate, r -> new ArrayList<>()).add(served / (double) Math.max(1, answered));
                report.context(String.format("round %d at %5.0f calls/s: achieved %5.0f/s, p50 %6.2f ms, p99 %7.2f ms, max %7.2f ms,"
                                + " %d answered, %d of them served in full (not 60007)%s", round, rate, result.perSecond(),
                        result.percentileMillis(50), result.percentileMillis(99), result.latencyMicros().getMaxValue() / 1000.0,
                        answered, served, result.errors() > 0 ? ", HTTP errors " + result.errors() : ""));
                System.out.printf("emulator: round %d at %.0f/s: %.0f/s, p99 %.2f ms%n", round, rate, result.perSecond(),
                        result.percentileMillis(99));
            }
        }
        double best = 0;
        for (Map.Entry<Double, List<LoadRun.Result>> entry : byRate.entrySet()) {
            double rate = entry.getKey();
            List<LoadRun.Result> runs = entry.getValue();
            double achieved = Report.median(runs.stream().map(LoadRun.Result::perSecond).toList());
            double p50 = Report.median(runs.stream().map(r -> r.percentileMillis(50)).toList());
            double p99 = Report.median(runs.stream().map(r -> r.percentileMillis(99)).toList());
            report.note(String.format("emulator at %.0f calls/s: achieved/offered %.2f, p50 %.2f ms, p99 %.2f ms (median of %d),"
                            + " served in full %.2f", rate, achieved / rate, p50, p99, runs.size(),
                    Report.median(servedShare.get(rate))));
            if (achieved / rate >= 0.95) {
                best = rate;
                boolean highest = rate == settings.emulatorRates().get(settings.emulatorRates().size() - 1);
                capacity = String.format("%.0f calls/s%s (p99 %.1f ms)", rate, highest ? " or more" : "", p99);
            }
        }
        double needed = settings.emulatorRates().stream().filter(r -> r <= 1000).max(Double::compare).orElse(1000.0);
        List<LoadRun.Result> atNeed = byRate.get(needed);
        report.headline("emulator capacity (calls/s)", capacity, String.format("p99 %.1f ms at %.0f/s, within Tencent's limits",
                        Report.median(atNeed.stream().map(r -> r.percentileMillis(99)).toList()), needed),
                best / needed, "-");
        return report;
    }

    /** What the emulator kept up with: the highest rate achieved at 95% or more of offered, and its p99. */
    String capacity() {
        return capacity;
    }

    private long refusedForRate(Map<String, Long> before) {
        long refused = 0;
        for (Map.Entry<String, Long> entry : emulator.calls().entrySet()) {
            if (entry.getKey().endsWith(" 60007") || entry.getKey().endsWith(" 60011")) {
                refused += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
        }
        return refused;
    }

    /** Call {@code n}: the APIs in turn, the rooms in turn, members and Randoms that never repeat within a run. */
    private LoadRun.Request call(long n) {
        int api = (int) (n % APIS.size());
        String room = ROOM_PREFIX + (n / APIS.size()) % ROOMS;
        String member = "\"e" + (n / (APIS.size() * ROOMS)) % 20 + "\"";
        String body = switch (api) {
            case 0 -> "{\"GroupId\":\"" + room + "\",\"Members_Account\":[" + member + "],\"MuteTime\":600}";
            case 1 -> "{\"GroupId\":\"" + room + "\",\"Random\":" + (n & 0xFFFFFFFFL) + ",\"MsgPriority\":\"Low\","
                    + "\"MsgBody\":[{\"MsgType\":\"TIMCustomElem\",\"MsgContent\":{\"Data\":\"bench " + nonce + " " + n
                    + "\",\"Desc\":\"bench\"}}],\"ForbidCallbackControl\":[\"ForbidBeforeSendMsgCallback\","
                    + "\"ForbidAfterSendMsgCallback\"]}";
            case 2 -> "{\"GroupId\":\"" + room + "\",\"Members_Account\":[" + member + "],\"Duration\":600}";
            case 3 -> "{\"GroupId\":\"" + room + "\",\"Members_Account\":[" + member + "]}";
            default -> "{\"GroupId\":\"" + room + "\"}";
        };
        return new LoadRun.Request("/v4/" + APIS.get(api) + query, body.getBytes(StandardCharsets.UTF_8));
    }
}
