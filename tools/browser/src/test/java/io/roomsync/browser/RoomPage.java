package io.roomsync.browser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One viewer's demo room page (clients/web/demo) in a browser of its own: opens it logged in as a user, and reads
 * what the viewer sees (their own state, the input box, other members' badges, the video).
 */
final class RoomPage implements AutoCloseable {

    final String user;
    final Chromium chromium;

    private RoomPage(String user, Chromium chromium) {
        this.user = user;
        this.chromium = chromium;
    }

    /** Opens {@code pageUrl} as {@code user} in {@code room} in a new browser, and waits until the page joined. */
    static RoomPage open(String pageUrl, String room, String user, List<String> flags) {
        Chromium chromium = Chromium.start(flags);
        try {
            chromium.open(pageUrl + "?room=" + encode(room) + "&user=" + encode(user));
            chromium.waitUntil(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            return new RoomPage(user, chromium);
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    static RoomPage open(String pageUrl, String room, String user) {
        return open(pageUrl, room, user, List.of());
    }

    /** The viewer's own state as the page shows it: member, admin, muted or banned (body's data-state). */
    String state() {
        return body().getDomAttribute("data-state");
    }

    boolean inputDisabled() {
        return !chromium.driver().findElement(By.id("chat-input")).isEnabled();
    }

    String status() {
        return chromium.driver().findElement(By.id("me-status")).getText();
    }

    boolean adminBadgeShown() {
        return chromium.driver().findElement(By.id("me-badge")).isDisplayed();
    }

    boolean adminControlsShown() {
        return chromium.driver().findElement(By.id("admin-controls")).isDisplayed();
    }

    /** The badges the page shows next to {@code member} (e.g. ["admin"]), empty when none or not listed. */
    List<String> badgesOf(String member) {
        return chromium.driver().findElements(By.cssSelector("#members li[data-user='" + member + "'] .badge"))
                .stream().map(WebElement::getText).toList();
    }

    /** The page's playback: "waiting" (for a tap or the video), "playing", or null before any programme. */
    String playback() {
        return body().getDomAttribute("data-playback");
    }

    /** The programme version the page plays (body's data-programme), or null before it read any. */
    String programme() {
        return body().getDomAttribute("data-programme");
    }

    /** When (epoch ms, this machine's clock) the page last applied a member change, or 0 before any. */
    long changedAt() {
        String at = body().getDomAttribute("data-changed-at");
        return at == null ? 0 : Long.parseLong(at);
    }

    private WebElement body() {
        return chromium.driver().findElement(By.tagName("body"));
    }

    @Override
    public void close() {
        chromium.close();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
