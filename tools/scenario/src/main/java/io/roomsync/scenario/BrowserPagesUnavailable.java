package io.roomsync.scenario;

/**
 * The scenario was asked for browser pages ({@code --browser-pages}) that cannot be opened: Chromium or ChromeDriver
 * is not installed, or the emulator does not serve the demo room page. Thrown before anything is played; the message
 * names what is missing and how to get it.
 */
public final class BrowserPagesUnavailable extends IllegalStateException {

    BrowserPagesUnavailable(String message) {
        super(message);
    }
}
