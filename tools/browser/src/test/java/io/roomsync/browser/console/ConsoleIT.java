package io.roomsync.browser.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.browser.BrowserTests;
import io.roomsync.browser.Chromium;
import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.teststack.TestStack;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator console (clients/console) in headless Chromium against the real system: the emulator as Tencent,
 * ingest, role-sync and moderation from their built jars, the console served as {@code make run} serves it
 * (README, "Operator console"). One stack for the class; a fresh browser per test. Every wait is for a condition on
 * the page or in Tencent, never for a time.
 */
@ExtendWith(RoomsyncStackExtension.class)
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "console_room";
    private static final int INGEST_PORT = TestStack.freePortNumber();
    private static final int CONSOLE_PORT = TestStack.freePortNumber();
    private static TimEmulator emulator;
    private static LocalStack processes;
    private static String roleSync;
    private static String moderation;

    private Chromium browser;

    @BeforeAll
    static void startTheSystemAndARoom() throws Exception {
        BrowserTests.assumeChromium();
        emulator = TimEmulator.start(EmulatorConfig.dev(0, "http://127.0.0.1:" + INGEST_PORT + "/tencent-im/callback"));
        Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
        ports.put(StackService.TIM_EMULATOR, emulator.port());
        ports.put(StackService.INGEST, INGEST_PORT);
        ports.put(StackService.ROLE_SYNC, TestStack.freePortNumber());
        ports.put(StackService.MODERATION, TestStack.freePortNumber());
        processes = TestStack.get().processes(ports);
        Path state = Files.createTempDirectory(Path.of("target"), "console-").toAbsolutePath();
        // The console's origin is this test's port, so the services allow it (the dev default allows 8070).
        Map<String, String> cors = Map.of("ROOMSYNC_API_CORS_ALLOWED_ORIGINS", "http://127.0.0.1:" + CONSOLE_PORT);
        processes.startService(StackService.INGEST, cors);
        processes.startService(StackService.ROLE_SYNC, with(cors, "ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                "ROOMSYNC_ROLE_SYNC_STATE_DIR", state.resolve("role-sync").toString()));
        processes.startService(StackService.MODERATION, with(cors, "ROOMSYNC_MODERATION_STATE_DIR",
                state.resolve("moderation").toString()));
        processes.startConsole(CONSOLE_PORT);
        roleSync = "http://127.0.0.1:" + ports.get(StackService.ROLE_SYNC);
        moderation = "http://127.0.0.1:" + ports.get(StackService.MODERATION);

        // A live room with a host, viewers and a flooder; a flood is more than 3 messages in 10 s, muted at once
        control("POST", "rooms", "{\"groupId\":\"" + ROOM + "\",\"name\":\"Live\"}");
        control("POST", "rooms/" + ROOM + "/join", "{\"users\":[\"viewer_1\",\"viewer_2\",\"flooder\"]}");
        HttpResponse<String> policy = TestHttp.call("PUT", moderation + "/v1/policies/" + ROOM,
                "{\"floodMessages\":3,\"floodWindowSeconds\":10,\"ladder\":[{\"offences\":1,\"sanction\":\"MUTE\",\"seconds\":600}]}",
                "Bearer " + token(ApiScope.ALL));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.down();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorMutesAMemberSeesTheChangeAndTheDecisionFeedUpdatesAsModerationActs() throws Exception {
        // Given an operator with every scope, the room open in the console
        openRoom(token(ApiScope.ALL));

        // When viewer_1 is muted for 10 minutes from its row
        browser.waitUntil(d -> {
            WebElement row = memberRowOrNull(d, "viewer_1");
            new Select(row.findElement(By.cssSelector("select[data-test=seconds]"))).selectByValue("600");
            row.findElement(By.cssSelector("button[data-action=MUTE]")).click();
            return true;
        });

        // Then the outcome reads applied, the row shows the mute with its time left and who made it, and Tencent has it
        browser.waitUntil(d -> outcomes(d).contains("mute viewer_1 for 10 min: applied"));
        browser.waitUntil(d -> memberCell(d, "viewer_1", "muted").startsWith("muted, ")
                && memberCell(d, "viewer_1", "cause").startsWith("an operator's command at "));
        assertThat(memberCell(browser.driver(), "viewer_1", "muted")).matches("muted, \\d+ min( \\d+ s)? left");
        assertThat(control("GET", "rooms/" + ROOM, null).path("muted").has("viewer_1")).isTrue();
        browser.screenshot("console-room");

        // When the flooder sends 5 messages at once
        for (int i = 0; i < 5; i++) {
            control("POST", "rooms/" + ROOM + "/messages", JSON.writeValueAsString(Map.of("from", "flooder", "text", "buy now " + i)));
        }

        // Then the feed shows moderation's decision without a reload: the 4th message recalled and the sender muted
        // (the 5th is recalled too, unless Tencent already refused it because the mute was in force: 10017)
        browser.waitUntil(d -> decisions(d).contains("flooder: recalled by flood, sender muted 10 min"));
        assertThat(decisions(browser.driver())).isSubsetOf("flooder: recalled by flood, sender muted 10 min",
                "flooder: recalled by flood");
        // And the flooder's row says moderation muted it
        browser.waitUntil(d -> memberCell(d, "flooder", "cause").startsWith("moderation at "));
        // And the chart counts them at once: one sanction in the last 30 minutes
        browser.waitUntil(d -> !chartTotals(d).contains("decisions 0"));
        assertThat(chartTotals(browser.driver())).contains("■ sanctions 1");
        browser.script("document.querySelector('[data-test=moderation]').scrollIntoView()");
        browser.screenshot("console-moderation-feed");
    }

    @Test
    void aSixthAdminIsRefusedByTencentAndTheConsoleSaysSoInWords() throws Exception {
        // Given a room with five admins already (Tencent's limit for a live room)
        String all = token(ApiScope.ALL);
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> grant = TestHttp.call("POST", roleSync + "/v1/rooms/" + ROOM + "/members/admin_" + i + "/admin",
                    "{}", "Bearer " + all);
            assertThat(grant.statusCode()).isEqualTo(202);
        }
        await(() -> control("GET", "rooms/" + ROOM, null).path("admins").size() == 5);
        openRoom(all);

        // When a sixth is made admin from the console's form
        browser.driver().findElement(By.cssSelector("[data-test=act-user]")).sendKeys("admin_6");
        new Select(browser.driver().findElement(By.cssSelector("[data-test=act-action]"))).selectByValue("GRANT_ADMIN");
        browser.driver().findElement(By.cssSelector("[data-test=act-submit]")).click();

        // Then the outcome is Tencent's refusal in words, and Tencent still has five admins
        browser.waitUntil(d -> outcomes(d).contains(
                "make admin admin_6: refused by Tencent: a live room has at most 5 admins; revoke one first (error 10004)"));
        assertThat(control("GET", "rooms/" + ROOM, null).path("admins").size()).isEqualTo(5);
    }

    @Test
    void aPolicyWithAnErrorShowsTheApisProblemAtItsField() throws Exception {
        // Given the room's policy in the editor
        openRoom(token(ApiScope.ALL));
        WebElement rejectCode = browser.waitUntil(d -> d.findElement(By.cssSelector("#policy-fields [name=rejectCode]")));

        // When a reject code Tencent would not pass to the sender is saved
        rejectCode.clear();
        rejectCode.sendKeys("99");
        browser.driver().findElement(By.cssSelector("[data-test=save-policy]")).click();

        // Then the API's problem is shown at that field, marked invalid, and nothing else is
        browser.waitUntil(d -> !problemAt(d, "rejectCode").isEmpty());
        assertThat(problemAt(browser.driver(), "rejectCode"))
                .isEqualTo("rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got 99");
        assertThat(browser.driver().findElement(By.cssSelector("[data-field=rejectCode]")).getAttribute("class")).contains("invalid");
        assertThat(problemAt(browser.driver(), "floodMessages")).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("[data-test=policy-saved]")).getText()).isEmpty();
        // And the room's policy is unchanged
        JsonNode policy = JSON.readTree(TestHttp.call("GET", moderation + "/v1/policies/" + ROOM, null,
                "Bearer " + token(ApiScope.ALL)).body());
        assertThat(policy.path("rejectCode").asInt()).isEqualTo(10100);
    }

    @Test
    void aUserWithoutMembersWriteSeesTheActionsDisabledAndTheApisRefusalIfForced() throws Exception {
        // Given a user who may read members, decisions and policies but change nothing
        openRoom(token(List.of(ApiScope.MEMBERS_READ, ApiScope.DECISIONS_READ, ApiScope.POLICIES_READ)));

        // Then every action of every member, reconcile and saving the policy are disabled, saying which scope is missing
        List<WebElement> actions = browser.driver().findElements(By.cssSelector("[data-test=members] button[data-action]"));
        assertThat(actions).isNotEmpty().allMatch(button -> !button.isEnabled());
        WebElement mute = memberRow("viewer_2").findElement(By.cssSelector("button[data-action=MUTE]"));
        assertThat(mute.getAttribute("title")).isEqualTo("your token lacks the scope members:write");
        assertThat(browser.driver().findElement(By.cssSelector("[data-test=reconcile]")).isEnabled()).isFalse();
        assertThat(browser.driver().findElement(By.cssSelector("[data-test=save-policy]")).isEnabled()).isFalse();

        // When the mute is forced anyway (the button enabled by hand)
        browser.script("arguments[0].disabled = false; arguments[0].click();", mute);

        // Then the API's 403 is what the console shows, and Tencent has not muted viewer_2
        browser.waitUntil(d -> outcomes(d).contains(
                "mute viewer_2 for 10 min: forbidden: the token lacks the scope members:write (HTTP 403)"));
        assertThat(control("GET", "rooms/" + ROOM, null).path("muted").has("viewer_2")).isFalse();
    }

    /** A fresh browser signed in with {@code token}, the room opened from the rooms list, its members shown. */
    private void openRoom(String token) {
        browser = Chromium.start();
        browser.open("http://127.0.0.1:" + CONSOLE_PORT + "/");
        WebElement field = browser.waitUntil(d -> d.findElement(By.cssSelector("[data-test=token]")));
        // Typing a whole JWT key by key is slow: the value is set as a paste would, then the form submitted.
        browser.script("arguments[0].value = arguments[1];", field, token);
        browser.driver().findElement(By.cssSelector("[data-test=sign-in-button]")).click();
        // The list is redrawn every 5 s: find and click in one step, again if the row was redrawn in between.
        browser.waitUntil(d -> {
            d.findElement(By.cssSelector("[data-test=rooms] tr[data-room=" + ROOM + "]")).click();
            return true;
        });
        browser.waitUntil(d -> memberRowOrNull(d, "viewer_1") != null && memberRowOrNull(d, "flooder") != null);
    }

    private WebElement memberRow(String user) {
        // Rows are rebuilt only when the member's version rises, so a row found stays the row while the test reads it.
        return browser.waitUntil(d -> memberRowOrNull(d, user));
    }

    private static WebElement memberRowOrNull(WebDriver driver, String user) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-test=members] tr[data-user='" + user + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static String memberCell(WebDriver driver, String user, String cell) {
        return memberRowOrNull(driver, user).findElement(By.cssSelector("[data-test=" + cell + "]")).getText();
    }

    private static String outcomes(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-test=outcomes]")).getText();
    }

    private static List<String> decisions(WebDriver driver) {
        return driver.findElements(By.cssSelector("[data-test=decision-words]")).stream().map(WebElement::getText).toList();
    }

    private static String chartTotals(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-test=chart-totals]")).getText();
    }

    private static String problemAt(WebDriver driver, String field) {
        return driver.findElement(By.cssSelector("[data-problem-for=" + field + "]")).getText();
    }

    private static String token(List<String> scopes) {
        return DevTokens.token().scopes(scopes).subject("operator").mint();
    }

    private static JsonNode control(String method, String path, String body) throws Exception {
        return JSON.readTree(TestHttp.call(method, emulator.baseUrl() + "/emulator/" + path, body).body());
    }

    /** Waits until {@code condition} holds in Tencent (the emulator), as the page waits do. */
    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Chromium.DEFAULT_WAIT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Tencent never got there");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
