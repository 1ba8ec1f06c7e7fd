package io.roomsync.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.roomsync.emulator.EmulatorConfig;
import io.roomsync.emulator.TimEmulator;
import io.roomsync.security.ApiScope;
import io.roomsync.security.DevTokens;
import io.roomsync.stack.LocalStack;
import io.roomsync.stack.StackService;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestHttp;
import io.roomsync.teststack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo room page (clients/web/demo) in real headless Chromium, against the whole system (the programme clock's
 * cases need only the emulator: {@link ProgrammePageTest}): the emulator in this JVM
 * as Tencent (serving the page and its browser protocol), ingest, role-sync, moderation and notice-dispatch from their
 * jars on the test stack. Operators act through role-sync's API; the tests wait for what each page shows and print how
 * long each took (convergence figures, never asserted). Every test has its own room. Screenshots go to
 * target/screenshots. The page is served from a copy of clients/web whose {@code demo/config.json} names this test's
 * role-sync, which allows the page's origin (CORS), so the page's admin controls reach it as under {@code make run}.
 */
@ExtendWith(RoomsyncStackExtension.class)
class RoomPageIT {

    private static TimEmulator emulator;
    private static LocalStack processes;
    private static String roleSync;
    private static String pageUrl;

    @BeforeAll
    static void startRoomsync() throws Exception {
        BrowserTests.assumeChromium();
        int ingestPort = TestStack.freePortNumber();
        emulator = TimEmulator.start(EmulatorConfig.dev(0, "http://127.0.0.1:" + ingestPort + "/tencent-im/callback"));
        Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
        ports.put(StackService.TIM_EMULATOR, emulator.port());
        ports.put(StackService.INGEST, ingestPort);
        for (StackService service : List.of(StackService.ROLE_SYNC, StackService.MODERATION, StackService.NOTICE_DISPATCH)) {
            ports.put(service, TestStack.freePortNumber());
        }
        roleSync = "http://127.0.0.1:" + ports.get(StackService.ROLE_SYNC);
        Path state = Files.createTempDirectory(Path.of("target"), "browser-").toAbsolutePath();
        emulator.serveWebFrom(webRootFor(roleSync, state.resolve("web")));
        pageUrl = emulator.demoPageUrl();
        processes = TestStack.get().processes(ports);
        processes.startService(StackService.INGEST, Map.of());
        processes.startService(StackService.ROLE_SYNC, Map.of("ROOMSYNC_ROLE_SYNC_RECONCILE_INTERVAL", "0s",
                "ROOMSYNC_ROLE_SYNC_STATE_DIR", state.resolve("role-sync").toString(),
                "ROOMSYNC_API_CORS_ALLOWED_ORIGINS", emulator.baseUrl()));
        processes.startService(StackService.MODERATION, Map.of("ROOMSYNC_MODERATION_STATE_DIR", state.resolve("moderation").toString()));
        processes.startService(StackService.NOTICE_DISPATCH, Map.of("ROOMSYNC_NOTICES_STATE_DIR", state.resolve("notices").toString()));
    }

    /** A copy of clients/web (its src and demo) in {@code dir}, with a demo/config.json naming {@code roleSync}. */
    private static Path webRootFor(String roleSync, Path dir) throws IOException {
        Path web = Path.of("../../clients/web").toAbsolutePath().normalize();
        for (String part : List.of("src", "demo")) {
            try (Stream<Path> files = Files.walk(web.resolve(part))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = dir.resolve(web.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        }
        Files.writeString(dir.resolve("demo/config.json"), "{\"roleSync\":\"" + roleSync + "\"}");
        return dir;
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

    @Test
    void threeViewersSeeAMuteAndAnAdminGrantWithoutReloading() {
        // Given three viewers' pages open in a live room
        String room = createRoom("browser_ops");
        try (RoomPage muted = RoomPage.open(pageUrl, room, "viewer_1");
             RoomPage promoted = RoomPage.open(pageUrl, room, "viewer_2");
             RoomPage watching = RoomPage.open(pageUrl, room, "viewer_3")) {

            // When an operator mutes viewer_1 for 10 minutes and makes viewer_2 admin through role-sync's API
            long sent = System.currentTimeMillis();
            command("POST", room, "viewer_1", "mute", "{\"seconds\":600,\"reason\":\"browser test\"}");
            command("POST", room, "viewer_2", "admin", "{}");

            // Then viewer_1's page closes its input and says for how long; viewer_2's shows the admin badge and
            // controls; viewer_3's shows both members' badges; none reloaded
            muted.chromium.waitUntil(d -> "muted".equals(muted.state()));
            promoted.chromium.waitUntil(d -> "admin".equals(promoted.state()));
            watching.chromium.waitUntil(d -> watching.badgesOf("viewer_2").contains("admin")
                    && watching.badgesOf("viewer_1").contains("muted"));
            assertThat(muted.inputDisabled()).isTrue();
            assertThat(muted.status()).matches("Muted: you can write again in (10:00|9:[0-5][0-9])");
            assertThat(promoted.adminBadgeShown()).isTrue();
            assertThat(promoted.adminControlsShown()).isTrue();
            assertThat(promoted.inputDisabled()).isFalse();
            assertThat(watching.state()).isEqualTo("member");
            assertThat(watching.adminControlsShown()).isFalse();
            assertThat(watching.badgesOf("viewer_2")).containsExactly("admin");
            assertThat(watching.badgesOf("viewer_1")).containsExactly("muted");
            System.out.printf("browser convergence after the operator's commands: viewer_1 (muted) %d ms, viewer_2 (admin) %d ms,"
                    + " viewer_3 (watching) %d ms%n", muted.changedAt() - sent, promoted.changedAt() - sent, watching.changedAt() - sent);
            muted.chromium.screenshot("room-muted-viewer");
            promoted.chromium.screenshot("room-admin-viewer");
            watching.chromium.screenshot("room-watching-viewer");
        }
    }

    @Test
    void anAdminViewerMutesAnotherFromThePageAndThatViewersPageClosesItsInput() {
        // Given viewer_1 made admin by an operator, with a role-sync token for members:write only (subject viewer_1)
        // typed into the page's token field, and viewer_2 having said hello from their page
        String room = createRoom("browser_admin_page");
        try (RoomPage admin = RoomPage.open(pageUrl, room, "viewer_1");
             RoomPage viewer = RoomPage.open(pageUrl, room, "viewer_2")) {
            command("POST", room, "viewer_1", "admin", "{}");
            admin.chromium.waitUntil(d -> admin.adminControlsShown());
            admin.typeRoleSyncToken(DevTokens.token().scopes(ApiScope.MEMBERS_WRITE).subject("viewer_1").mint());
            viewer.say("hello from viewer_2");
            admin.chromium.waitUntil(d -> admin.memberControlsShown("viewer_2"));

            // When viewer_1 clicks "mute 10 min" next to viewer_2
            long clicked = System.currentTimeMillis();
            admin.clickMemberAction("viewer_2", "mute");

            // Then role-sync accepts it (202), viewer_2's page closes its input and says for how long, and viewer_1's
            // page shows viewer_2 muted
            admin.chromium.waitUntil(d -> !admin.adminResult().isEmpty());
            assertThat(admin.adminResult()).isEqualTo("mute viewer_2: HTTP 202");
            viewer.chromium.waitUntil(d -> "muted".equals(viewer.state()));
            admin.chromium.waitUntil(d -> admin.badgesOf("viewer_2").contains("muted"));
            assertThat(viewer.inputDisabled()).isTrue();
            assertThat(viewer.status()).matches("Muted: you can write again in (10:00|9:[0-5][0-9])");
            assertThat(admin.badgesOf("viewer_2")).containsExactly("muted");
            System.out.printf("browser: an admin's mute from the page shown on the muted viewer's page %d ms after the click%n",
                    viewer.changedAt() - clicked);
            admin.chromium.screenshot("room-admin-muted-from-page");

            // And "make admin" with that token is refused by role-sync (403: the token's scopes decide, not the page),
            // and viewer_2's page still shows a muted member
            admin.clickMemberAction("viewer_2", "admin");
            admin.chromium.waitUntil(d -> admin.adminResult().endsWith("403"));
            assertThat(admin.adminResult()).isEqualTo("admin viewer_2: HTTP 403");
            assertThat(viewer.state()).isEqualTo("muted");
            assertThat(viewer.adminBadgeShown()).isFalse();
        }
    }

    @Test
    void aPageClosedDuringChangesCatchesUpFromTheSnapshotWhenReopened() {
        // Given two viewers' pages open, and viewer_2 admin as both pages show
        String room = createRoom("browser_reopen");
        try (RoomPage other = RoomPage.open(pageUrl, room, "viewer_2")) {
            RoomPage away = RoomPage.open(pageUrl, room, "viewer_1");
            command("POST", room, "viewer_2", "admin", "{}");
            away.chromium.waitUntil(d -> away.badgesOf("viewer_2").contains("admin"));

            // When viewer_1's page closes, and meanwhile viewer_1 is muted, viewer_2's admin is revoked and viewer_3 is
            // made admin (notices viewer_1's page cannot receive), as the room's snapshot on Tencent then says
            away.close();
            joinRoom(room, "viewer_3");
            command("POST", room, "viewer_1", "mute", "{\"seconds\":600,\"reason\":\"browser test\"}");
            command("DELETE", room, "viewer_2", "admin", null);
            command("POST", room, "viewer_3", "admin", "{}");
            other.chromium.waitUntil(d -> other.badgesOf("viewer_3").contains("admin") && other.badgesOf("viewer_2").isEmpty()
                    && other.badgesOf("viewer_1").contains("muted"));

            // And viewer_1 opens the page again
            long reopened = System.currentTimeMillis();
            try (RoomPage back = RoomPage.open(pageUrl, room, "viewer_1")) {
                back.chromium.waitUntil(d -> "muted".equals(back.state()) && back.badgesOf("viewer_3").contains("admin"));

                // Then it shows every change it missed, from the snapshot: its own mute, viewer_3 admin, viewer_2 not
                assertThat(back.inputDisabled()).isTrue();
                assertThat(back.badgesOf("viewer_3")).containsExactly("admin");
                assertThat(back.badgesOf("viewer_2")).isEmpty();
                System.out.printf("browser catch-up from the snapshot: %d ms from reopening the page%n",
                        back.changedAt() - reopened);
                back.chromium.screenshot("room-reopened-viewer");
            }
        }
    }

    @Test
    void aBannedViewerComingBackIsToldTheyAreBanned() {
        // Given viewer_1's page open in a room
        String room = createRoom("browser_ban");
        try (RoomPage watching = RoomPage.open(pageUrl, room, "viewer_2")) {
            RoomPage banned = RoomPage.open(pageUrl, room, "viewer_1");
            banned.close();

            // When an operator bans viewer_1 for a day (Tencent removes them from the room) and viewer_1 comes back
            command("POST", room, "viewer_1", "ban", "{\"seconds\":86400,\"reason\":\"browser test\"}");
            watching.chromium.waitUntil(d -> watching.badgesOf("viewer_1").contains("banned"));
            try (RoomPage back = RoomPage.open(pageUrl, room, "viewer_1")) {

                // Then the page says so and keeps the input closed
                assertThat(back.state()).isEqualTo("banned");
                assertThat(back.status()).isEqualTo("You are banned from this room.");
                assertThat(back.inputDisabled()).isTrue();
                back.chromium.screenshot("room-banned-viewer");
            }
        }
    }

    /** A live room on the emulator, created as Tencent would (the create callback reaches role-sync). */
    private static String createRoom(String id) {
        HttpResponse<String> created = TestHttp.call("POST", emulator.baseUrl() + "/emulator/rooms",
                "{\"groupId\":\"" + id + "\",\"name\":\"" + id + "\",\"owner\":\"host_1\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        return id;
    }

    private static void joinRoom(String room, String user) {
        HttpResponse<String> joined = TestHttp.call("POST", emulator.baseUrl() + "/emulator/rooms/" + room + "/join",
                "{\"users\":[\"" + user + "\"]}");
        assertThat(joined.statusCode()).isEqualTo(200);
    }

    /** An operator's command through role-sync's API; it must be accepted (202). */
    private static void command(String method, String room, String user, String action, String body) {
        HttpResponse<String> response = TestHttp.call(method, roleSync + "/v1/rooms/" + room + "/members/" + user + "/" + action, body);
        assertThat(response.statusCode()).as(method + " " + action + " " + user + ": " + response.body()).isEqualTo(202);
    }
}
