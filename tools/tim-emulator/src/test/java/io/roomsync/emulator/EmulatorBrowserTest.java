package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's browser side (/client/v1) over HTTP, as the web adapter calls it: UserSig checks, join, send, group
 * attributes and the long poll's messages in the Web SDK's shape.
 */
class EmulatorBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TimEmulator emulator;

    @BeforeEach
    void start() {
        emulator = TimEmulator.start(EmulatorConfig.dev(0, null));
        control("POST", "/emulator/rooms", "{\"groupId\":\"live_1\",\"name\":\"Live\",\"owner\":\"host_1\"}");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aDevUserSigIsAcceptedForItsUserOnlyAndAWrongOneGetsTencentsCode() {
        // Given a UserSig the emulator signed for viewer_1
        String sig = devSig("viewer_1");

        // When viewer_1 joins with it, another user presents it, and viewer_1 presents a garbled one
        JsonNode joined = client("POST", "groups/live_1/join", "viewer_1", sig, "{}");
        JsonNode foreign = client("POST", "groups/live_1/join", "viewer_2", sig, "{}");
        JsonNode garbled = client("POST", "groups/live_1/join", "viewer_1", "garbage", "{}");

        // Then the first joins, the others get 70013 (other identifier) and 70003 (undecodable)
        assertThat(joined.toString()).isEqualTo("{\"code\":0,\"data\":{\"status\":\"JoinedSuccess\",\"group\":{\"groupID\":\"live_1\",\"type\":\"AVChatRoom\"}}}");
        assertThat(foreign.path("code").asInt()).isEqualTo(70013);
        assertThat(garbled.path("code").asInt()).isEqualTo(70003);
    }

    @Test
    void aFreshLoginPollsOnlyWhatCameAfterItInTheSdksMessageShape() {
        // Given viewer_1 and viewer_2 in the room, and a message sent before viewer_1's page logged in
        String sig = devSig("viewer_1");
        client("POST", "groups/live_1/join", "viewer_1", sig, "{}");
        client("POST", "groups/live_1/join", "viewer_2", devSig("viewer_2"), "{}");
        client("POST", "groups/live_1/messages", "viewer_2", devSig("viewer_2"), "{\"text\":\"before\"}");
        JsonNode login = client("GET", "poll?after=-1&cursor=-1", "viewer_1", sig, null).path("data");

        // When viewer_2 sends a text and viewer_1 polls from its login
        client("POST", "groups/live_1/messages", "viewer_2", devSig("viewer_2"), "{\"text\":\"hello\"}");
        JsonNode poll = client("GET", "poll?after=" + login.path("after").asLong() + "&cursor=" + login.path("cursor").asLong()
                + "&wait=5000", "viewer_1", sig, null).path("data");

        // Then the login saw no message, and the poll exactly the new one, as a Web SDK Message
        assertThat(login.path("messages").size()).isZero();
        assertThat(poll.path("messages").size()).isEqualTo(1);
        JsonNode message = poll.path("messages").get(0);
        assertThat(message.path("type").asText()).isEqualTo("TIMTextElem");
        assertThat(message.path("payload").toString()).isEqualTo("{\"text\":\"hello\"}");
        assertThat(message.path("from").asText()).isEqualTo("viewer_2");
        assertThat(message.path("to").asText()).isEqualTo("live_1");
        assertThat(message.path("conversationType").asText()).isEqualTo("GROUP");
        assertThat(message.path("sequence").asLong()).isEqualTo(2);
        assertThat(poll.path("groupAttributes").toString()).isEqualTo("{\"live_1\":{}}");
    }

    @Test
    void aMutedUserCannotSendAndOnlyMembersReadTheAttributes() {
        // Given viewer_1 in the room and muted, and attributes written by the app admin
        String sig = devSig("viewer_1");
        client("POST", "groups/live_1/join", "viewer_1", sig, "{}");
        control("PUT", "/emulator/rooms/live_1/attributes", "{\"rs.programme\":\"{}\"}");
        muteViewer1();

        // When viewer_1 sends and reads the attributes, and viewer_2 (not in the room) reads them
        JsonNode sent = client("POST", "groups/live_1/messages", "viewer_1", sig, "{\"text\":\"hi\"}");
        JsonNode attributes = client("GET", "groups/live_1/attributes", "viewer_1", sig, null);
        JsonNode outsider = client("GET", "groups/live_1/attributes", "viewer_2", devSig("viewer_2"), null);

        // Then the send is refused with 10017, viewer_1 reads the attributes, viewer_2 gets 10007
        assertThat(sent.path("code").asInt()).isEqualTo(10017);
        assertThat(attributes.toString()).isEqualTo("{\"code\":0,\"data\":{\"groupAttributes\":{\"rs.programme\":\"{}\"}}}");
        assertThat(outsider.path("code").asInt()).isEqualTo(10007);
    }

    @Test
    void noDevelopmentUserSigIsSignedForTheAppAdmin() {
        // When a page asks the dev endpoint for the app admin's UserSig (it would pass the REST API's admin check)
        JsonNode answer = control("GET", "/client/v1/dev-usersig?userID=administrator", null);

        // Then it is refused as a bad parameter and carries no UserSig
        assertThat(answer.toString())
                .isEqualTo("{\"code\":10004,\"message\":\"no development UserSig for the app admin administrator\"}");
    }

    @Test
    @Timeout(60)
    void aPollFromAFutureCursorWithANegativeWaitAnswersAtOnceWithTheCurrentCursor() {
        // Given viewer_1 logged in, and the changes counted so far
        String sig = devSig("viewer_1");
        client("POST", "groups/live_1/join", "viewer_1", sig, "{}");
        long now = client("GET", "poll?after=-1&cursor=-1", "viewer_1", sig, null).path("data").path("cursor").asLong();

        // When it polls from a cursor no change count will reach, with a wait that overflows as nanoseconds
        JsonNode poll = client("GET", "poll?after=0&cursor=" + Long.MAX_VALUE + "&wait=-9223372036855", "viewer_1", sig, null);

        // Then the poll answers (the wait is at least 0, the cursor at most now) with the current cursor
        assertThat(poll.path("code").asInt()).isZero();
        assertThat(poll.path("data").path("cursor").asLong()).isEqualTo(now);
    }

    @Test
    void aRangeThatCannotBeReadServesTheWholeFileAndOnePastTheEndIs416(@TempDir Path web) throws Exception {
        // Given a 10-byte file served under /web/
        Files.writeString(web.resolve("clip.webm"), "0123456789");
        emulator.serveWebFrom(web);

        // When it is asked for with ranges: a valid one, one past the end, last before first, numbers beyond a long
        HttpResponse<String> part = get("/web/clip.webm", "bytes=2-4");
        HttpResponse<String> open = get("/web/clip.webm", "bytes=7-");
        HttpResponse<String> past = get("/web/clip.webm", "bytes=10-");
        HttpResponse<String> backwards = get("/web/clip.webm", "bytes=5-3");
        HttpResponse<String> huge = get("/web/clip.webm", "bytes=0-99999999999999999999999");
        HttpResponse<String> large = get("/web/clip.webm", "bytes=3-99999999999");

        // Then the exact statuses and bytes (RFC 9110 section 14: unreadable ranges are ignored)
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("234");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo("789");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */10");
        assertThat(backwards.statusCode()).isEqualTo(200);
        assertThat(backwards.body()).isEqualTo("0123456789");
        assertThat(huge.statusCode()).isEqualTo(200);
        assertThat(huge.body()).isEqualTo("0123456789");
        assertThat(large.statusCode()).isEqualTo(206);
        assertThat(large.body()).isEqualTo("3456789");
    }

    @Test
    void aSymbolicLinkUnderTheWebRootServesNothingOutsideIt(@TempDir Path dir) throws Exception {
        // Given a web root holding a link to a file outside it
        Path web = Files.createDirectory(dir.resolve("web"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(web.resolve("link.txt"), secret);
        emulator.serveWebFrom(web);

        // When the link is asked for, Then 404
        assertThat(get("/web/link.txt", null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path));
        if (range != null) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void muteViewer1() {
        RawTencent tencent = new RawTencent(emulator);
        JsonNode muted = tencent.call("v4/group_open_http_svc/forbid_send_msg",
                "{\"GroupId\":\"live_1\",\"Members_Account\":[\"viewer_1\"],\"MuteTime\":600}");
        assertThat(muted.path("ErrorCode").asInt()).isZero();
    }

    private String devSig(String user) {
        return control("GET", "/client/v1/dev-usersig?userID=" + user, null).path("data").path("userSig").asText();
    }

    private JsonNode client(String method, String path, String user, String sig, String body) {
        String query = (path.contains("?") ? "&" : "?") + "sdkAppID=" + EmulatorConfig.DEV_APP + "&userID=" + user
                + "&userSig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8);
        return control(method, "/client/v1/" + path + query, body);
    }

    private JsonNode control(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
