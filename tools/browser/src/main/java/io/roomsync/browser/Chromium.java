package io.roomsync.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a browser test, driven by Selenium through ChromeDriver: Debian's {@code chromium} and
 * {@code chromium-driver} packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; other paths through the
 * system properties {@value #BROWSER_PROPERTY} and {@value #DRIVER_PROPERTY}).
 *
 * <p>The driver's path is always given, so Selenium Manager never looks for (or downloads) a browser or driver. The
 * browser starts with the flags this closed network needs ({@link #BASE_FLAGS}: headless, no sandbox as root, no
 * background connections that the network refuses) and a fresh, empty user-data directory deleted on {@link #close()},
 * so no state (cookies, storage, autoplay engagement) leaks from one browser to the next.
 *
 * <p>Tests ask {@link #installed()} first (the browser tests through their {@code BrowserTests.assumeChromium()}):
 * where either program is missing they are skipped with {@link #missing()} as the reason, instead of failing.
 */
public final class Chromium implements AutoCloseable {

    /** System property naming the Chromium executable; default {@value #DEFAULT_BROWSER}. */
    public static final String BROWSER_PROPERTY = "roomsync.browser.chromium";
    /** System property naming the ChromeDriver executable; default {@value #DEFAULT_DRIVER}. */
    public static final String DRIVER_PROPERTY = "roomsync.browser.chromedriver";
    /** System property naming the directory screenshots go to; default {@value #DEFAULT_SCREENSHOTS}. */
    public static final String SCREENSHOTS_PROPERTY = "roomsync.browser.screenshots";

    static final String DEFAULT_BROWSER = "/usr/bin/chromium";
    static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";
    static final String DEFAULT_SCREENSHOTS = "target/screenshots";

    /**
     * Reproduces Android Chrome's refusal: {@code HTMLMediaElement.play()} of media with sound rejects with
     * {@code NotAllowedError} until the user has tapped the page. The policy switch alone is not enough: with the
     * media-engagement bypass on (Chromium's default) this Chromium 156 lets such a page play anyway, so it is switched
     * off as Chrome's autoplay guide advises (a later {@code --disable-features} flag would replace this one).
     *
     * <p>The policy is not in force for the first document a fresh browser navigates to until some time after that
     * document starts running: before, Chromium 156's renderer lets {@code play()} without a gesture through. Measured
     * (fresh browser per run, no driver command during the attempts): it takes hold 19-95 ms into the page on an idle
     * machine, so a {@code play()} while parsing played in 12 of 20 runs (9 of 12 in another run, 17 of 30 with one core
     * busy), on DOMContentLoaded in 4 of 20, on the load event in none; on a busy machine a page can get past its load
     * event and a round trip before it (a unit-test run once saw such a page play). Any document before it fixes that,
     * whatever its site: after {@code about:blank} 42 of 42 were refused while parsing, after a stylesheet of the same
     * origin 12 of 12, after a page on another port 12 of 12. So {@link #start} opens {@code about:blank} first, and
     * every page a test opens meets the policy from its first script.
     */
    public static final List<String> AUTOPLAY_NEEDS_GESTURE = List.of(
            "--autoplay-policy=user-gesture-required",
            "--disable-features=PreloadMediaEngagementData,MediaEngagementBypassAutoplayPolicies");

    /**
     * The flags every browser gets. Headless as root needs {@code --no-sandbox}; without the background-networking
     * flags Chromium keeps opening connections (updates, sync, QUIC probes) that a closed network refuses. The fixed
     * window size makes screenshots comparable from run to run.
     */
    public static final List<String> BASE_FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,900");

    /** How long {@link #waitUntil} waits for a condition by default before failing the test. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    /** How often {@link #waitUntil} checks its condition (Selenium's default, 500 ms, would blur measured times). */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final AtomicInteger STARTED = new AtomicInteger();
    /**
     * Browsers started and not closed yet. A JVM stopped before its tests or command close them (SIGTERM, a failsafe
     * timeout, Ctrl-C) quits them from a shutdown hook: ChromeDriver and Chromium are processes of their own and would
     * outlive it otherwise. (A SIGKILL leaves them; nothing in the JVM runs then.)
     */
    private static final Set<Chromium> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(browser -> {
            try {
                browser.close();
            } catch (RuntimeException alreadyGone) {
                // the driver or browser died first: nothing left to stop
            }
        }), "chromium-quit"));
    }

    private final ChromeDriver driver;
    private final Path userDataDir;

    private Chromium(ChromeDriver driver, Path userDataDir) {
        this.driver = driver;
        this.userDataDir = userDataDir;
        OPEN.add(this);
    }

    /** The Chromium executable this JVM uses. */
    public static Path browserPath() {
        return Path.of(System.getProperty(BROWSER_PROPERTY, DEFAULT_BROWSER));
    }

    /** The ChromeDriver executable this JVM uses. */
    public static Path driverPath() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, DEFAULT_DRIVER));
    }

    /**
     * Whether both Chromium and ChromeDriver are installed (executable files at {@link #browserPath()} and
     * {@link #driverPath()}).
     */
    public static boolean installed() {
        return Files.isExecutable(browserPath()) && Files.isExecutable(driverPath());
    }

    /**
     * What is missing when {@link #installed()} is false, and how to install it: one line, e.g. for a skipped test's
     * reason.
     */
    public static String missing() {
        return browserPath() + " or " + driverPath() + " is missing"
                + " (install Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver)";
    }

    /** Starts a headless Chromium with {@link #BASE_FLAGS} and the given extra flags; see {@link #start(List)}. */
    public static Chromium start(String... extraFlags) {
        return start(List.of(extraFlags));
    }

    /**
     * Starts a headless Chromium with {@link #BASE_FLAGS}, a fresh user-data directory and the given extra flags
     * (e.g. {@link #AUTOPLAY_NEEDS_GESTURE}). ChromeDriver's log goes to {@code browser-logs/} next to the screenshot
     * directory.
     *
     * @param extraFlags Chromium command-line switches added after the base flags
     * @return the running browser; close it to stop both browser and driver and delete its profile
     * @throws UncheckedIOException when the user-data directory cannot be created
     * @throws org.openqa.selenium.SessionNotCreatedException when the browser does not start
     */
    public static Chromium start(List<String> extraFlags) {
        int number = STARTED.incrementAndGet();
        Path userDataDir;
        Path logDir = screenshotDir().resolveSibling("browser-logs");
        try {
            userDataDir = Files.createTempDirectory("roomsync-chromium-");
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> flags = new ArrayList<>(BASE_FLAGS);
        flags.add("--user-data-dir=" + userDataDir);
        flags.addAll(extraFlags);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserPath().toFile());
        options.addArguments(flags);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath().toFile())
                .usingAnyFreePort()
                .withLogFile(new File(logDir.toFile(), "chromedriver-" + ProcessHandle.current().pid() + "-" + number + ".log"))
                .build();
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, options);
            // The fresh browser's first document gets the command line's policies late (AUTOPLAY_NEEDS_GESTURE):
            // that first document is a blank one, so every page a test opens runs with the flags in force.
            driver.get("about:blank");
            return new Chromium(driver, userDataDir);
        } catch (RuntimeException e) {
            if (driver != null) {
                driver.quit();
            }
            deleteTree(userDataDir);
            throw e;
        }
    }

    /** The Selenium driver of this browser. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} in this browser's window and waits for the document to load. */
    public void open(String url) {
        driver.get(url);
    }

    /**
     * Runs a script in the page. ChromeDriver runs it as a user gesture: a script that calls {@code play()} or reads
     * state right after a page's own attempt unlocks playback, so tests of autoplay read the page's DOM instead.
     * ({@code return ...;} gives its value: numbers come back as {@link Long} or {@link Double}, objects as maps,
     * arrays as lists.)
     */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Waits until {@code condition} gives a value other than {@code null} or {@code false}, at most
     * {@link #DEFAULT_WAIT}; exceptions the condition throws while the page is not ready yet fail the wait only at the
     * end.
     *
     * @return the condition's first non-null, non-false value
     * @throws org.openqa.selenium.TimeoutException when the condition still does not hold after the wait
     */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, DEFAULT_WAIT).pollingEvery(POLL).ignoring(RuntimeException.class)
                .until(condition::apply);
    }

    /**
     * Waits until a script in the page returns a value other than {@code null} or {@code false} (see
     * {@link #waitUntil}), e.g. {@code awaitScript("return window.outcome;")}.
     *
     * @return the script's first such value
     * @throws org.openqa.selenium.TimeoutException when the script still returns null or false after the wait
     */
    public Object awaitScript(String script, Object... args) {
        return waitUntil(d -> script(script, args));
    }

    /**
     * Saves a PNG of the window to {@code <screenshots>/<name>.png} (see {@link #SCREENSHOTS_PROPERTY}), replacing an
     * earlier one of that name.
     *
     * @param name file name without extension, e.g. {@code "room-three-viewers"}
     * @return the saved file
     */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(screenshotDir());
            Path target = dir.resolve(name + ".png");
            Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.move(taken, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where screenshots go: the {@link #SCREENSHOTS_PROPERTY} directory, relative to the working directory. */
    public static Path screenshotDir() {
        return Path.of(System.getProperty(SCREENSHOTS_PROPERTY, DEFAULT_SCREENSHOTS)).toAbsolutePath();
    }

    /** Stops the browser and its driver and deletes the browser's user-data directory; a second call does nothing. */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        try {
            driver.quit();
        } finally {
            deleteTree(userDataDir);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A profile left in the temp directory harms nothing; the browser itself is already stopped.
        }
    }
}
