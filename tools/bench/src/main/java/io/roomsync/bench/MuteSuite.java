package io.roomsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.scenario.ClientView;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A mute, from its cause to a client in the room showing it, two ways side by side: caused by a callback (the
 * After-send callback of the message that crosses the room's flood limit, through ingest, moderation, role-sync,
 * Tencent and notice-dispatch) and asked by an operator (role-sync's API onward). Samples alternate, one at a time,
 * each in a room of its own, so no room's notice budget or coalescing window is shared; the client polls its inbox
 * every 10 ms, which bounds the resolution.
 */
final class MuteSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLOOD_MESSAGES = 3;

    private final int samples;
    private final EmulatorControl emulator;
    private final String roleSync;
    private final String moderation;

    MuteSuite(int samples, EmulatorControl emulator, int roleSyncPort, int moderationPort) {
        this.samples = samples;
        this.emulator = emulator;
        this.roleSync = "http://127.0.0.1:" + roleSyncPort;
        this.moderation = "http://127.0.0.1:" + moderationPort;
    }

    Report run() throws Exception {
        Report report = new Report("a mute, cause -> client: flood callback vs operator's command (" + samples
                + " each, alternating, one room each)", Report.Kind.NOTES);
        Histogram byCallback = new Histogram(3_600_000_000L, 3);
        Histogram byCommand = new Histogram(3_600_000_000L, 3);
        // The first pair warms the path up and is not counted.
        for (int sample = -1; sample < samples; sample++) {
            long flood = floodMute("bench_mute_f" + (sample + 1));
            long command = commandMute("bench_mute_c" + (sample + 1));
            if (sample >= 0) {
                byCallback.recordValue(flood);
                byCommand.recordValue(command);
            }
        }
        List<String> rows = new ArrayList<>();
        for (var entry : List.of(java.util.Map.entry("flood callback", byCallback), java.util.Map.entry("mute command", byCommand))) {
            Histogram h = entry.getValue();
            rows.add(String.format("%-15s p50 %6.0f ms  p90 %6.0f ms  max %6.0f ms", entry.getKey(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getMaxValue() / 1000.0));
        }
        rows.forEach(report::note);
        double ratio = byCallback.getValueAtPercentile(50) / (double) Math.max(1, byCommand.getValueAtPercentile(50));
        report.note(String.format("callback -> client over command -> client, p50: %.2f", ratio));
        report.headline("callback -> client, a mute", String.format("p50 %.0f ms, p90 %.0f ms",
                        byCallback.getValueAtPercentile(50) / 1000.0, byCallback.getValueAtPercentile(90) / 1000.0),
                String.format("operator's mute p50 %.0f ms", byCommand.getValueAtPercentile(50) / 1000.0), ratio, "-");
        return report;
    }

    /** Microseconds from the message that crosses the flood limit to the client showing its sender muted. */
    private long floodMute(String room) throws Exception {
        String member = room + "_m";
        String watcher = open(room, member);
        emulator.send("PUT", moderation + "/v1/policies/" + room, "{\"floodMessages\":" + FLOOD_MESSAGES
                + ",\"floodWindowSeconds\":10,\"ladder\":[{\"offences\":1,\"sanction\":\"MUTE\",\"seconds\":600}]}");
        awaitPolicy(room);
        for (int i = 0; i < FLOOD_MESSAGES; i++) {
            emulator.say(room, member, "hello " + i);
        }
        long started = System.nanoTime();
        emulator.say(room, member, "hello " + FLOOD_MESSAGES);
        return awaitMuted(room, watcher, member, started);
    }

    /** Microseconds from the operator's mute command to the client showing the member muted. */
    private long commandMute(String room) throws Exception {
        String member = room + "_m";
        String watcher = open(room, member);
        long started = System.nanoTime();
        emulator.send("POST", roleSync + "/v1/rooms/" + room + "/members/" + member + "/mute",
                "{\"seconds\":600,\"reason\":\"bench\"}");
        return awaitMuted(room, watcher, member, started);
    }

    private String open(String room, String member) {
        String watcher = room + "_w";
        emulator.createRoom(room);
        emulator.join(room, List.of(watcher, member));
        return watcher;
    }

    /** Moderation reads policies from a compacted topic: the room's must have arrived before the flood. */
    private void awaitPolicy(String room) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                emulator.send("GET", moderation + "/v1/policies/" + room, "");
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }

    private long awaitMuted(String room, String watcher, String member, long started) throws Exception {
        long deadline = started + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            ClientView view = new ClientView();
            view.applyInbox(JSON.readTree(emulator.inbox(watcher, room)));
            if (view.of(member, System.currentTimeMillis()).muted()) {
                return (System.nanoTime() - started) / 1000;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(watcher + " never saw " + member + " muted in " + room + " within 60 s");
    }
}
