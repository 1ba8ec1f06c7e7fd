package io.roomsync.browser;

import org.junit.jupiter.api.Assumptions;

/** What every browser test does first. */
public final class BrowserTests {

    private BrowserTests() {
    }

    /**
     * Skips the calling test (or, from {@code @BeforeAll}, the whole class) when Chromium or ChromeDriver is missing,
     * with {@link Chromium#missing()} as the reason. The same line goes to standard output so that {@code make test}'s
     * log shows it next to the skipped count.
     */
    public static void assumeChromium() {
        if (Chromium.installed()) {
            return;
        }
        String message = "browser tests skipped: " + Chromium.missing();
        System.out.println(message);
        Assumptions.assumeTrue(false, message);
    }
}
