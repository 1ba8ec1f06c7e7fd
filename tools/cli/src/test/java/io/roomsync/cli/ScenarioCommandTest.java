package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.browser.Chromium;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code roomsync scenario} on a stack where its seed was played already: one line, exit code 2, nothing played. */
class ScenarioCommandTest {

    // The emulator alone, in this JVM, with no callback receiver: the command stops before it needs anything else.
    private final TimEmulator emulator = TimEmulator.start(EmulatorConfig.dev(0, null));

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void aSeedPlayedBeforeIsOneLineWithTheWayOutAndNoStackTrace() throws Exception {
        // Given a stack where seed 7 was played: its room scn_7_0 exists
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/emulator/rooms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"groupId\":\"scn_7_0\",\"name\":\"Live 0\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);

        // When the scenario is run again with seed 7
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        try {
            exit = RoomsyncCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("scenario", "--emulator", emulator.baseUrl(), "--seed", "7");
        } finally {
            System.setOut(original);
        }

        // Then it exits with 2 and one line naming the room and the way out, and nothing was played
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("roomsync scenario: seed 7 was played on this stack already (room scn_7_0 "
                + "exists); play another seed (--seed, or make demo SEED=...) or start from an empty stack (make clean, "
                + "make run)" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(systemOut.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void tooFewViewersForTheStoryIsAUsageErrorNotAStackTrace() {
        // Given fewer viewers than the story has parts (the flooder was viewer 13: 10 viewers crashed the run)
        StringWriter err = new StringWriter();

        // When the scenario is asked for 10 viewers
        int exit = RoomsyncCli.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute("scenario", "--emulator", emulator.baseUrl(), "--seed", "3", "--viewers", "10");

        // Then picocli's usage error (exit 2) names the rule, and nothing was played (seed 3's room does not exist)
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--rooms must be at least 1 and --viewers at least 13 (each of the first 13 "
                + "viewers has a part in the story)" + System.lineSeparator());
    }

    @Test
    void browserPagesWithoutChromiumIsOneLineSayingWhatToInstallAndNothingIsPlayed() throws Exception {
        // Given no Chromium where the browser harness looks for it
        String previous = System.setProperty(Chromium.BROWSER_PROPERTY, "/nonexistent/chromium");
        StringWriter err = new StringWriter();
        int exit;
        try {
            // When the scenario is asked for 2 browser pages
            exit = RoomsyncCli.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                    .execute("scenario", "--emulator", emulator.baseUrl(), "--seed", "5", "--browser-pages", "2");
        } finally {
            if (previous == null) {
                System.clearProperty(Chromium.BROWSER_PROPERTY);
            } else {
                System.setProperty(Chromium.BROWSER_PROPERTY, previous);
            }
        }

        // Then it exits with 2 and one line naming what is missing and how to install it, and seed 5's room was not made
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("roomsync scenario: --browser-pages needs Chromium and ChromeDriver, and "
                + "/nonexistent/chromium or /usr/bin/chromedriver is missing (install Debian's chromium and chromium-driver: "
                + "apt-get install -y chromium chromium-driver)" + System.lineSeparator());
        HttpResponse<String> room = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(emulator.baseUrl() + "/emulator/rooms/scn_5_0")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(room.statusCode()).isEqualTo(409);
    }
}
