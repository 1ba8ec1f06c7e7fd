package io.roomsync.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The harness itself: Debian's Chromium starts headless with the closed network's flags, runs a page's scripts, takes
 * real clicks, saves screenshots, and with {@link Chromium#AUTOPLAY_NEEDS_GESTURE} refuses {@code play()} until a tap
 * as Android Chrome does.
 */
class ChromiumTest {

    /**
     * A page with a counter button and a one-second silent WAV made in the page. Once loaded and past one request (as
     * a room page plays: after joining) the page tries to play it on its own; each click counts and tries to play from
     * inside the click handler (a user gesture). {@code #outcome} shows the last attempt's result: "played" or the
     * rejection's name and message. The page reads its outcome from the DOM, not
     * from a script the test runs: ChromeDriver runs test scripts as user gestures, which would unlock playback.
     */
    /** A script function making a blob URL of a silent WAV of {@code seconds} at {@code rate} samples a second. */
    private static final String SILENT_WAV = """
              function silentWav(seconds, rate) {
                const samples = seconds * rate, bytes = new DataView(new ArrayBuffer(44 + samples * 2));
                const text = (at, s) => [...s].forEach((c, i) => bytes.setUint8(at + i, c.charCodeAt(0)));
                text(0, 'RIFF'); bytes.setUint32(4, 36 + samples * 2, true); text(8, 'WAVEfmt ');
                bytes.setUint32(16, 16, true); bytes.setUint16(20, 1, true); bytes.setUint16(22, 1, true);
                bytes.setUint32(24, rate, true); bytes.setUint32(28, rate * 2, true); bytes.setUint16(32, 2, true);
                bytes.setUint16(34, 16, true); text(36, 'data'); bytes.setUint32(40, samples * 2, true);
                return URL.createObjectURL(new Blob([bytes], {type: 'audio/wav'}));
              }
            """;

    private static final String PAGE = """
            <!doctype html><html><head><title>harness</title></head><body>
            <h1 id="heading">roomsync harness</h1>
            <button id="tap">tap</button> <span id="taps">0</span> <span id="outcome"></span>
            <script>
            """ + SILENT_WAV + """
              let audio;
              const outcome = text => { document.getElementById('outcome').textContent = text; };
              const tryPlay = () => audio.play().then(() => outcome('played'), e => outcome(e.name + ': ' + e.message));
              document.getElementById('tap').addEventListener('click', () => {
                const taps = document.getElementById('taps');
                taps.textContent = String(Number(taps.textContent) + 1);
                tryPlay();
              });
              // As a room page does: load, fetch something (join the room), then start playback.
              window.addEventListener('load', () => fetch('/joined').then(() => {
                audio = new Audio(silentWav(1, 8000));
                tryPlay();
              }));
            </script></body></html>
            """;

    /**
     * A page that tries to play while it is still parsing, from the first script of its head: the moment a fresh
     * browser's first document used to run before the policy was in force (see {@link Chromium#AUTOPLAY_NEEDS_GESTURE}).
     */
    private static final String EARLY = "early";
    private static final String EARLY_PAGE = """
            <!doctype html><html><head><title>early</title><script>
            """ + SILENT_WAV + """
              new Audio(silentWav(1, 8000)).play().then(() => window.playOutcome = 'played',
                  e => window.playOutcome = e.name + ': ' + e.message);
            </script></head><body><span id="outcome"></span><script>
              const show = () => window.playOutcome ? document.getElementById('outcome').textContent = window.playOutcome
                  : setTimeout(show, 20);
              show();
            </script></body></html>
            """;

    private static HttpServer server;
    private static String pageUrl;

    @BeforeAll
    static void servePage() throws IOException {
        BrowserTests.assumeChromium();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String html = exchange.getRequestURI().getPath().equals("/" + EARLY) ? EARLY_PAGE : PAGE;
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        pageUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void runsThePageAndTakesClicksAndScreenshots() throws IOException {
        // Given a headless Chromium on a page served over HTTP
        try (Chromium chromium = Chromium.start()) {
            chromium.open(pageUrl);

            // When the test clicks the button twice and takes a screenshot
            chromium.driver().findElement(By.id("tap")).click();
            chromium.driver().findElement(By.id("tap")).click();
            Path shot = chromium.screenshot("harness-smoke");

            // Then the page's script counted both clicks, and the screenshot is a PNG in the screenshot directory
            chromium.waitUntil(d -> "2".equals(d.findElement(By.id("taps")).getText()));
            assertThat(chromium.driver().getTitle()).isEqualTo("harness");
            assertThat(shot).isEqualTo(Chromium.screenshotDir().resolve("harness-smoke.png"));
            byte[] png = Files.readAllBytes(shot);
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void withTheAndroidAutoplayPolicyPlaybackWaitsForATap() {
        // Given a browser that, like Android Chrome, refuses play() without a user gesture
        try (Chromium chromium = Chromium.start(Chromium.AUTOPLAY_NEEDS_GESTURE)) {
            chromium.open(pageUrl);

            // When the page tries to play on its own, as it does on load
            // Then play() is refused for want of a gesture: Chromium's words under Android's policy (without the flags,
            // desktop Chromium refuses too, but for want of any earlier interaction with the document)
            assertThat(outcomeAfterAttempt(chromium))
                    .isEqualTo("NotAllowedError: play() can only be initiated by a user gesture.");

            // When the user taps the button, which plays from inside its click handler
            chromium.driver().findElement(By.id("tap")).click();

            // Then playback starts
            assertThat(outcomeAfterAttempt(chromium)).isEqualTo("played");
        }
    }

    @Test
    void theFirstScriptOfAFreshBrowsersFirstPageAlreadyMeetsThePolicy() {
        // Given a fresh browser with Android's policy
        try (Chromium chromium = Chromium.start(Chromium.AUTOPLAY_NEEDS_GESTURE)) {

            // When the first page it opens tries to play while still parsing
            chromium.open(pageUrl + EARLY);

            // Then play() is refused for want of a gesture (without the harness's blank first document it played in
            // 9 of 12 and 17 of 30 such runs)
            assertThat(outcomeAfterAttempt(chromium))
                    .isEqualTo("NotAllowedError: play() can only be initiated by a user gesture.");
        }
    }

    /** Waits for the page's play attempt to settle and clears its outcome for the next one. */
    private static String outcomeAfterAttempt(Chromium chromium) {
        String outcome = chromium.waitUntil(d -> {
            String text = d.findElement(By.id("outcome")).getText();
            return text.isEmpty() ? null : text;
        });
        chromium.script("document.getElementById('outcome').textContent = '';"); // a gesture, but after the attempt
        return outcome;
    }
}
