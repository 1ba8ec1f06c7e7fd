package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.browser.Chromium;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Browser pages are refused before anything is played when they cannot be opened; none need nothing. */
class BrowserPagesTest {

    @Test
    void withoutChromiumTheRefusalSaysWhatIsMissingAndHowToInstallIt() {
        // Given no ChromeDriver where the browser harness looks for it
        String previous = System.setProperty(Chromium.DRIVER_PROPERTY, "/nonexistent/chromedriver");
        try {
            // When two pages are asked for, Then the refusal names the missing program and the packages
            assertThatThrownBy(() -> BrowserPages.check("http://127.0.0.1:9/web/demo/", 2, 1))
                    .isInstanceOf(BrowserPagesUnavailable.class)
                    .hasMessage("--browser-pages needs Chromium and ChromeDriver, and " + Chromium.browserPath()
                            + " or /nonexistent/chromedriver is missing (install Debian's chromium and chromium-driver: "
                            + "apt-get install -y chromium chromium-driver)");
        } finally {
            if (previous == null) {
                System.clearProperty(Chromium.DRIVER_PROPERTY);
            } else {
                System.setProperty(Chromium.DRIVER_PROPERTY, previous);
            }
        }
    }

    @Test
    void noPagesNeedNeitherABrowserNorThePage() {
        // Given nothing listening where the page would be, When no page is asked for, Then none are opened or read
        try (BrowserPages pages = BrowserPages.check("http://127.0.0.1:9/web/demo/", 0, 3)) {
            assertThat(pages.count()).isZero();
            assertThat(pages.join("scn_1_0", 0)).isEmpty();
            assertThat(pages.read()).isEmpty();
        }
    }

    @Test
    void withoutTheDemoPageTheRefusalNamesWhereItWasLookedFor() {
        // Given the browser installed, and nothing serving the demo page (port 9, discard, refuses connections)
        Assumptions.assumeTrue(Chromium.installed(), "needs Chromium installed, to get past the browser check");

        // When one page is asked for, Then the refusal names the page's address and what it answered
        assertThatThrownBy(() -> BrowserPages.check("http://127.0.0.1:9/web/demo/", 1, 1))
                .isInstanceOf(BrowserPagesUnavailable.class)
                .hasMessage("--browser-pages needs the demo room page at http://127.0.0.1:9/web/demo/ (the emulator serves "
                        + "it under make run), which answered nothing");
    }

    @Test
    void pagesAreSpreadOverTheRoomsInTurn() {
        // Given 5 pages for 3 rooms, When shared, Then rooms 0 and 1 get 2 and room 2 gets 1; 2 pages for 3 rooms: 1, 1, 0
        assertThat(List.of(BrowserPages.share(5, 3, 0), BrowserPages.share(5, 3, 1), BrowserPages.share(5, 3, 2)))
                .containsExactly(2, 2, 1);
        assertThat(List.of(BrowserPages.share(2, 3, 0), BrowserPages.share(2, 3, 1), BrowserPages.share(2, 3, 2)))
                .containsExactly(1, 1, 0);
    }
}
