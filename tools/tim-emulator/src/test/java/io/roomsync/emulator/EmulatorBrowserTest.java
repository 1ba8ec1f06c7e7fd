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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
