package io.roomsync.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.teststack.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The programme clock of the demo room page in real headless Chromium: a recorded programme scheduled in the room's
 * attributes (rs.programme, as the programme API keeps it) plays "as live". Only the emulator (Tencent, serving the
 * page) is needed: no member changes are involved. Screenshots go to target/screenshots.
 */
class ProgrammePageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A browser that lets pages play at once, as desktop Chrome does for a site the viewer uses. */
    private static final List<String> AUTOPLAY_ALLOWED = List.of("--autoplay-policy=no-user-gesture-required");
    private static TimEmulator emulator;
    private static String pageUrl;

    @BeforeAll
    static void startEmulator() {
        BrowserTests.assumeChromium();
        emulator = TimEmulator.start(EmulatorConfig.dev(0, null)).serveWebFrom(Path.of("../../clients/web"));
        pageUrl = emulator.demoPageUrl();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void withAndroidsAutoplayPolicyPlaybackWaitsForATapThenStarts() {
        // Given a programme live for 30 s in a room, and a viewer whose browser refuses play() without a gesture
        String room = createRoom("browser_autoplay");
        schedule(room, System.currentTimeMillis() - 30_000, 1);
        try (RoomPage page = RoomPage.open(pageUrl, room, "viewer_1", Chromium.AUTOPLAY_NEEDS_GESTURE)) {

            // When the page tries to start the programme
            page.chromium.waitUntil(d -> "waiting".equals(page.playback())
                    && d.findElement(By.id("tap-to-play")).isDisplayed());

            // Then it waits for a tap: the video is paused and the tap button shown
            assertThat(page.chromium.script("return document.getElementById('video').paused;")).isEqualTo(true);
            page.chromium.screenshot("room-tap-to-play");

            // When the viewer taps
            page.chromium.driver().findElement(By.id("tap-to-play")).click();

            // Then playback starts, and the button goes
            page.chromium.waitUntil(d -> "playing".equals(page.playback()));
            assertThat(page.chromium.script("return document.getElementById('video').paused;")).isEqualTo(false);
            assertThat(page.chromium.driver().findElement(By.id("tap-to-play")).isDisplayed()).isFalse();
        }
    }

    @Test
    void aViewerJoining90sAfterTheStartPlaysAtTheLivePositionAndFollowsAProgrammeChange() {
        // Given a programme that started 90 s ago
        String room = createRoom("browser_live");
        long start = System.currentTimeMillis() - 90_000;
        schedule(room, start, 1);

        // When a viewer joins
        try (RoomPage page = RoomPage.open(pageUrl, room, "viewer_1", AUTOPLAY_ALLOWED)) {
            page.chromium.waitUntil(d -> "playing".equals(page.playback()));

            // Then the video plays within 1 s of the live position
            double[] positions = positions(page, start);
            System.out.printf("late joiner: video at %.2f s, live position %.2f s%n", positions[0], positions[1]);
            assertThat(positions[0]).isCloseTo(positions[1], within(1.0));
            page.chromium.screenshot("room-live-programme");

            // When the programme changes (rescheduled to have started 30 s ago) while the page is open
            long restart = System.currentTimeMillis() - 30_000;
            schedule(room, restart, 2);

            // Then the open page follows it to the new live position
            page.chromium.waitUntil(d -> "2".equals(page.programme()) && "playing".equals(page.playback()));
            double[] after = positions(page, restart);
            System.out.printf("after the change: video at %.2f s, live position %.2f s%n", after[0], after[1]);
            assertThat(after[0]).isCloseTo(after[1], within(1.0));
        }
    }

    /** The video's position and the live position (s), read at one instant in the page. */
    private static double[] positions(RoomPage page, long startMillis) {
        @SuppressWarnings("unchecked")
        List<Number> read = (List<Number>) page.chromium.script(
                "return [document.getElementById('video').currentTime, (Date.now() - arguments[0]) / 1000];", startMillis);
        return new double[] {read.get(0).doubleValue(), read.get(1).doubleValue()};
    }

    /** A live room on the emulator. */
    private static String createRoom(String id) {
        HttpResponse<String> created = TestHttp.call("POST", emulator.baseUrl() + "/emulator/rooms",
                "{\"groupId\":\"" + id + "\",\"name\":\"" + id + "\",\"owner\":\"host_1\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        return id;
    }

    /** Schedules the demo programme (120 s) in the room's attributes, as the programme API would. */
    private static void schedule(String room, long startMillis, int version) {
        String programme = JSON.createObjectNode().put("v", 1).put("url", "/web/demo/media/programme.webm")
                .put("start", startMillis).put("duration", 120).put("version", version).toString();
        HttpResponse<String> written = TestHttp.call("PUT", emulator.baseUrl() + "/emulator/rooms/" + room + "/attributes",
                JSON.createObjectNode().put("rs.programme", programme).toString());
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    }
}
