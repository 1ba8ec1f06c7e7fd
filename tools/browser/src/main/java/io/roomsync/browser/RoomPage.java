package io.roomsync.browser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * One viewer's demo room page (clients/web/demo) in a browser of its own: opens it logged in as a user, and reads
 * what the viewer sees (their own state, the input box, other members' badges, the video). Everything is read from
 * the page's DOM, which the page renders from its real {@code createRoomsync} store: what a viewer would see.
 * Used by this module's tests and by the scenario's browser pages (tools/scenario, {@code --browser-pages}).
 */
public final class RoomPage implements AutoCloseable {

    /** The user the page logged in as. */
    public final String user;
    /** The browser the page runs in. */
    public final Chromium chromium;

    private RoomPage(String user, Chromium chromium) {
        this.user = user;
        this.chromium = chromium;
    }

    /**
     * Opens {@code pageUrl} as {@code user} in {@code room} in a new browser with {@code flags} (added to
     * {@link Chromium#BASE_FLAGS}), and waits (at most {@link Chromium#DEFAULT_WAIT}) until the page joined the room
     * and read its snapshot (body's {@code data-ready}).
     *
     * @param pageUrl the demo page, e.g. {@code http://127.0.0.1:8090/web/demo/}
     * @throws org.openqa.selenium.TimeoutException when the page did not get ready; the browser is closed then
     * @throws IllegalStateException when the page could not join for another reason than a ban (body's
     *                               {@code data-joined} is {@code failed}), with the page's error; the browser is
     *                               closed then
     */
    public static RoomPage open(String pageUrl, String room, String user, List<String> flags) {
        Chromium chromium = Chromium.start(flags);
        try {
            chromium.open(pageUrl + "?room=" + encode(room) + "&user=" + encode(user));
            chromium.waitUntil(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            WebElement body = chromium.driver().findElement(By.tagName("body"));
            if ("failed".equals(body.getDomAttribute("data-joined"))) {
                throw new IllegalStateException(user + "'s page could not join " + room + ": "
                        + chromium.driver().findElement(By.id("send-error")).getText());
            }
            return new RoomPage(user, chromium);
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    /** {@link #open(String, String, String, List)} without extra flags. */
    public static RoomPage open(String pageUrl, String room, String user) {
        return open(pageUrl, room, user, List.of());
    }

    /** The viewer's own state as the page shows it: member, admin, muted or banned (body's data-state). */
    public String state() {
        return body().getDomAttribute("data-state");
    }

    /** Whether the chat input is closed (muted or banned). */
    public boolean inputDisabled() {
        return !chromium.driver().findElement(By.id("chat-input")).isEnabled();
    }

    /** The line next to the viewer's name (time left muted, the ban), empty when none. */
    public String status() {
        return chromium.driver().findElement(By.id("me-status")).getText();
    }

    /** Whether the viewer's own admin (or owner) badge is shown. */
    public boolean adminBadgeShown() {
        return chromium.driver().findElement(By.id("me-badge")).isDisplayed();
    }

    /** Whether the admin controls (token field, results) are shown. */
    public boolean adminControlsShown() {
        return chromium.driver().findElement(By.id("admin-controls")).isDisplayed();
    }

    /** The badges the page shows next to {@code member} (e.g. ["admin"]), empty when none or not listed. */
    public List<String> badgesOf(String member) {
        return chromium.driver().findElements(By.cssSelector("#members li[data-user='" + member + "'] .badge"))
                .stream().map(WebElement::getText).toList();
    }

    /** Whether the admin controls next to {@code member} ("mute 10 min", "make admin") are shown. */
    public boolean memberControlsShown(String member) {
        return chromium.driver().findElements(By.cssSelector("#members li[data-user='" + member + "'] .member-controls"))
                .stream().anyMatch(WebElement::isDisplayed);
    }

    /**
     * Clicks an admin control next to {@code member}, as an admin viewer does: {@code "mute"} (10 minutes) or
     * {@code "admin"} (make admin). The page calls role-sync's API with the token of its token field; the answer shows
     * in {@link #adminResult()}.
     */
    public void clickMemberAction(String member, String action) {
        chromium.driver().findElement(By.cssSelector("#members li[data-user='" + member + "'] button[data-action='" + action
                + "']")).click();
    }

    /** The admin controls' last result, e.g. "mute viewer_2: HTTP 202"; empty before any. */
    public String adminResult() {
        return chromium.driver().findElement(By.id("admin-result")).getText();
    }

    /** Types {@code token} into the admin controls' role-sync token field and leaves it (the page keeps it for the tab). */
    public void typeRoleSyncToken(String token) {
        WebElement field = chromium.driver().findElement(By.id("api-token"));
        field.clear();
        field.sendKeys(token, Keys.TAB);
    }

    /** Types {@code text} into the chat input and sends it, as the viewer does. */
    public void say(String text) {
        chromium.driver().findElement(By.id("chat-input")).sendKeys(text);
        chromium.driver().findElement(By.id("chat-send")).click();
    }

    /** The page's playback: "waiting" (for a tap or the video), "playing", or null before any programme. */
    public String playback() {
        return body().getDomAttribute("data-playback");
    }

    /** The programme version the page plays (body's data-programme), or null before it read any. */
    public String programme() {
        return body().getDomAttribute("data-programme");
    }

    /** When (epoch ms, this machine's clock) the page last applied a member change, or 0 before any. */
    public long changedAt() {
        String at = body().getDomAttribute("data-changed-at");
        return at == null ? 0 : Long.parseLong(at);
    }

    /**
     * Every member the page lists (itself included, as "USER (you)" is shown but keyed by the user id) with the badges
     * shown next to it, in one read: user id to badge texts ("owner", "admin", "muted", "banned"), in list order. A
     * member the page never heard of is not listed (the page shows it as a plain member).
     */
    public Map<String, List<String>> listedBadges() {
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) chromium.script("return [...document.querySelectorAll('#members li')]"
                + ".map(li => [li.dataset.user, [...li.querySelectorAll('.badge')].map(b => b.textContent)]);");
        Map<String, List<String>> listed = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            @SuppressWarnings("unchecked")
            List<Object> badges = (List<Object>) row.get(1);
            listed.put((String) row.get(0), badges.stream().map(String::valueOf).toList());
        }
        return listed;
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
