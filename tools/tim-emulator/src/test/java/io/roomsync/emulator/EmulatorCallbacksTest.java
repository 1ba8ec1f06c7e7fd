package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callbacks the emulator fires: signed like Tencent's, and Before-send verdicts honoured. */
class EmulatorCallbacksTest {

    private CallbackReceiver receiver;
    private TimEmulator emulator;
    private RawTencent tencent;

    @BeforeEach
    void start() throws Exception {
        receiver = new CallbackReceiver();
        emulator = TimEmulator.start(EmulatorConfig.dev(0, receiver.url()));
        tencent = new RawTencent(emulator);
        tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_cb\",\"Name\":\"Live\"}");
        tencent.control("POST", "rooms/live_cb/join", "{\"users\":[\"alice\",\"bob\"]}");
    }

    @AfterEach
    void stop() {
        emulator.close();
        receiver.close();
    }

    @Test
    void callbacksCarryTencentsQueryAndAValidSign() throws Exception {
        emulator.drainCallbacks();
        CallbackReceiver.Received join = receiver.of("Group.CallbackAfterNewMemberJoin").get(0);
        assertThat(join.query()).startsWith("SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterNewMemberJoin&contenttype=json&ClientIP=");
        String time = param(join.query(), "RequestTime");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("dev-callback-token" + time).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(param(join.query(), "Sign")).isEqualTo(expected);
        assertThat(Math.abs(Long.parseLong(time) - System.currentTimeMillis() / 1000)).isLessThan(5);
        assertThat(join.body().path("NewMemberList").get(0).path("Member_Account").asText()).isEqualTo("alice");
    }

    @Test
    void theJournalHoldsEveryAcknowledgedCallbackAsSentAndNoneThatFailed() {
        // Given ingest refusing After-send callbacks (503) and acknowledging all others
        receiver.status = r -> r.command().equals("Group.CallbackAfterSendMsg") ? 503 : 200;
        tencent.control("POST", "callbacks/drain", "{}");
        long from = tencent.control("GET", "stats", null).path("callbacks").path("journalNext").asLong();

        // When a message is sent and the callbacks drained
        tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"hello\"}");
        tencent.control("POST", "callbacks/drain", "{}");

        // Then the journal from that point holds the Before-send callback exactly as sent, and not the refused one
        JsonNode page = tencent.control("GET", "callbacks?from=" + from, null);
        assertThat(page.path("callbacks")).hasSize(1);
        JsonNode entry = page.path("callbacks").get(0);
        assertThat(entry.path("seq").asLong()).isEqualTo(from);
        assertThat(entry.path("app").asLong()).isEqualTo(1400000000L);
        assertThat(entry.path("command").asText()).isEqualTo("Group.CallbackBeforeSendMsg");
        assertThat(RawTencent.json(entry.path("body").asText())).isEqualTo(receiver.of("Group.CallbackBeforeSendMsg").get(0).body());
        assertThat(page.path("next").asLong()).isEqualTo(from + 1);
        assertThat(tencent.control("GET", "stats", null).path("callbacks").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void aMessageFiresBeforeAndAfterCallbacksAroundDelivery() {
        JsonNode sent = tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"hello\"}");
        emulator.drainCallbacks();
        assertThat(sent.path("delivered").asBoolean()).isTrue();
        assertThat(receiver.of("Group.CallbackBeforeSendMsg")).hasSize(1);
        CallbackReceiver.Received after = receiver.of("Group.CallbackAfterSendMsg").get(0);
        assertThat(after.body().path("MsgSeq").asLong()).isEqualTo(sent.path("msgSeq").asLong());
        assertThat(inboxTexts("bob")).containsExactly("hello");
    }

    @Test
    void aRejectingVerdictStopsTheMessageAndTellsTheSender10016() {
        receiver.answer = r -> r.command().equals("Group.CallbackBeforeSendMsg")
                ? "{\"ActionStatus\":\"OK\",\"ErrorCode\":1,\"ErrorInfo\":\"\"}" : "{\"ActionStatus\":\"OK\",\"ErrorCode\":0}";
        assertThat(tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"bad\"}").path("errorCode").asInt())
                .isEqualTo(10016);
        assertThat(inboxTexts("bob")).isEmpty();
    }

    @Test
    void aCustomCodeIsPassedToTheSender() {
        receiver.answer = r -> "{\"ActionStatus\":\"OK\",\"ErrorCode\":10123,\"ErrorInfo\":\"contains a banned word\"}";
        JsonNode sent = tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"bad\"}");
        assertThat(sent.path("errorCode").asInt()).isEqualTo(10123);
        assertThat(sent.path("errorInfo").asText()).isEqualTo("contains a banned word");
    }

    @Test
    void aDropVerdictTellsTheSenderSuccessAndDeliversNothing() {
        receiver.answer = r -> "{\"ActionStatus\":\"OK\",\"ErrorCode\":2,\"ErrorInfo\":\"\"}";
        JsonNode sent = tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"spam\"}");
        assertThat(sent.path("errorCode").asInt()).isZero();
        assertThat(sent.path("delivered").asBoolean()).isFalse();
        assertThat(inboxTexts("bob")).isEmpty();
    }

    @Test
    void aReplacementBodyIsWhatTheRoomReceives() {
        receiver.answer = r -> "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\",\"MsgBody\":"
                + "[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"you are a ***\"}}]}";
        tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"you are a fool\"}");
        assertThat(inboxTexts("bob")).containsExactly("you are a ***");
    }

    @Test
    void aBeforeCallbackSlowerThanTwoSecondsLetsTheMessageThrough() {
        receiver.delayMillis = 2_500;
        long started = System.nanoTime();
        JsonNode sent = tencent.control("POST", "rooms/live_cb/messages", "{\"from\":\"alice\",\"text\":\"slow\"}");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(sent.path("delivered").asBoolean()).isTrue();
        assertThat(tookMillis).isBetween(1_900L, 2_450L);
        assertThat(inboxTexts("bob")).containsExactly("slow");
    }

    private java.util.List<String> inboxTexts(String user) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (JsonNode message : tencent.control("GET", "clients/" + user + "/inbox", null)) {
            texts.add(message.path("body").get(0).path("MsgContent").path("Text").asText());
        }
        return texts;
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + query);
    }

    @Test
    void withSeveralIngestReplicasCallbacksSpreadAndARefusedOneReachesTheReplicaThatIsUp() throws Exception {
        // Given two ingest replicas behind the emulator, and a third URL where nothing listens (a replica that is down)
        try (CallbackReceiver second = new CallbackReceiver();
             TimEmulator spread = TimEmulator.start(EmulatorConfig.dev(0, receiver.url() + "," + second.url()
                     + ",http://127.0.0.1:" + closedPort() + "/callback"))) {
            RawTencent via = new RawTencent(spread);
            via.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_lb\",\"Name\":\"Live\"}");

            // When six members join, one callback each
            for (int i = 0; i < 6; i++) {
                via.control("POST", "rooms/live_lb/join", "{\"users\":[\"m" + i + "\"]}");
            }
            spread.drainCallbacks();

            // Then each replica got some, none was lost to the one that is down, and every one was acknowledged once
            long first = joinsTo(receiver, "live_lb");
            long other = joinsTo(second, "live_lb");
            assertThat(first).isPositive();
            assertThat(other).isPositive();
            assertThat(first + other).isEqualTo(6);
            assertThat(via.control("GET", "stats", null).path("callbacks").path("failed").asLong()).isZero();
        }
    }

    private static long joinsTo(CallbackReceiver receiver, String room) {
        return receiver.of("Group.CallbackAfterNewMemberJoin").stream()
                .filter(r -> r.body().path("GroupId").asText().equals(room)).count();
    }

    /** A port nothing listens on: taken from the system, then released. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
