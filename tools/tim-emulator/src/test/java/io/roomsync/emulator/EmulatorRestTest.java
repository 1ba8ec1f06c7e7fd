package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's REST API over HTTP: UserSig checks, AVChatRoom rules and limits, Tencent's error codes. The clock
 * stands still, so limits per second are tested without depending on how fast this machine is.
 */
class EmulatorRestTest {

    private static final java.time.Clock STILL = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1764064800L),
            java.time.ZoneOffset.UTC);
    private TimEmulator emulator;
    private RawTencent tencent;

    @BeforeEach
    void start() {
        emulator = TimEmulator.start(EmulatorConfig.dev(0, null), STILL);
        tencent = new RawTencent(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void createsALiveRoomAndAnswersInTencentsShape() {
        JsonNode answer = tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_1\",\"Name\":\"Live\"}");
        assertThat(answer.toString()).isEqualTo("{\"GroupId\":\"live_1\",\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        assertThat(tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_1\",\"Name\":\"Live\"}")
                .path("ErrorCode").asInt()).isEqualTo(10021);
    }

    @Test
    void refusesBadExpiredForeignAndNonAdminSignatures() {
        String body = "{\"GroupId\":\"live_1\"}";
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_muted_account", body, "administrator", "garbage"))).isEqualTo(70003);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_muted_account", body, "administrator", TestSigs.ADMIN_EXPIRED))).isEqualTo(70001);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_muted_account", body, "administrator", TestSigs.OTHER_KEY))).isEqualTo(70009);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_muted_account", body, "administrator", TestSigs.OTHER_APP))).isEqualTo(70014);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_muted_account", body, "viewer_1", TestSigs.VIEWER))).isEqualTo(60010);
    }

    @Test
    void answersUnknownCommandsBadJsonAndBadParameters() {
        assertThat(code(tencent.call("v4/group_open_http_svc/no_such_command", "{}"))).isEqualTo(10003);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_info", "{not json"))).isEqualTo(60002);
        assertThat(code(tencent.call("v4/group_open_http_svc/forbid_send_msg", "{\"GroupId\":\"live_1\"}"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/forbid_send_msg",
                "{\"GroupId\":\"nope\",\"Members_Account\":[\"a\"],\"MuteTime\":60}"))).isEqualTo(10010);
    }

    @Test
    void aLiveRoomHasNoDeleteMemberAndAtMostFiveAdmins() {
        live("live_2");
        assertThat(code(tencent.call("v4/group_open_http_svc/delete_group_member",
                "{\"GroupId\":\"live_2\",\"MemberToDel_Account\":[\"a\"]}"))).isEqualTo(10004);
        assertThat(code(admin("live_2", 1, "\"a1\",\"a2\",\"a3\",\"a4\",\"a5\""))).isZero();
        assertThat(code(admin("live_2", 1, "\"a6\""))).isEqualTo(10004);
        assertThat(code(admin("live_2", 1, "\"a5\""))).as("re-granting an admin adds none").isZero();
        assertThat(code(admin("live_2", 2, "\"a1\""))).isZero();
        assertThat(code(admin("live_2", 1, "\"a6\""))).isZero();
        assertThat(tencent.call("v4/group_open_avchatroom_http_svc/get_admin_list", "{\"GroupId\":\"live_2\"}").path("Admin_Account").toString())
                .isEqualTo("[\"a2\",\"a3\",\"a4\",\"a5\",\"a6\"]");
    }

    @Test
    void enforcesTheBatchMaximaOfMuteAndBan() {
        live("live_3");
        String five01 = IntStream.range(0, 501).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        String twenty1 = IntStream.range(0, 21).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        assertThat(code(tencent.call("v4/group_open_http_svc/forbid_send_msg",
                "{\"GroupId\":\"live_3\",\"MuteTime\":60,\"Members_Account\":[" + five01 + "]}"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/ban_group_member",
                "{\"GroupId\":\"live_3\",\"Duration\":60,\"Members_Account\":[" + twenty1 + "]}"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/group_msg_recall",
                "{\"GroupId\":\"live_3\",\"MsgSeqList\":[" + IntStream.range(1, 12).mapToObj(i -> "{\"MsgSeq\":" + i + "}")
                        .collect(Collectors.joining(",")) + "]}"))).isEqualTo(10004);
    }

    @Test
    void mutesShowInTheMutedListAndSilenceTheMembersClient() {
        live("live_4");
        tencent.control("POST", "rooms/live_4/join", "{\"users\":[\"alice\",\"bob\"]}");
        assertThat(code(tencent.call("v4/group_open_http_svc/forbid_send_msg",
                "{\"GroupId\":\"live_4\",\"Members_Account\":[\"alice\"],\"MuteTime\":600}"))).isZero();

        JsonNode muted = tencent.call("v4/group_open_http_svc/get_group_muted_account", "{\"GroupId\":\"live_4\"}");
        assertThat(muted.path("MutedAccountList").get(0).path("Member_Account").asText()).isEqualTo("alice");
        assertThat(tencent.control("POST", "rooms/live_4/messages", "{\"from\":\"alice\",\"text\":\"hi\"}").path("errorCode").asInt())
                .isEqualTo(10017);
        assertThat(tencent.control("POST", "rooms/live_4/messages", "{\"from\":\"bob\",\"text\":\"hi\"}").path("errorCode").asInt())
                .isZero();
    }

    @Test
    void aBanRemovesTheMemberAndKeepsHimOut() {
        live("live_5");
        tencent.control("POST", "rooms/live_5/join", "{\"users\":[\"spammer\"]}");
        assertThat(code(tencent.call("v4/group_open_http_svc/ban_group_member",
                "{\"GroupId\":\"live_5\",\"Members_Account\":[\"spammer\"],\"Duration\":3600,\"Description\":\"spam\"}"))).isZero();

        assertThat(tencent.control("GET", "rooms/live_5", null).path("members").toString()).isEqualTo("[]");
        assertThat(tencent.control("POST", "rooms/live_5/join", "{\"users\":[\"spammer\"]}").path("refused").path("spammer").asInt())
                .isEqualTo(10007);
        JsonNode banned = tencent.call("v4/group_open_http_svc/get_group_ban_member", "{\"GroupId\":\"live_5\",\"Offset\":0,\"Limit\":10}");
        assertThat(banned.path("BannedAccountList").get(0).path("Reason").asText()).isEqualTo("spam");

        tencent.call("v4/group_open_http_svc/unban_group_member", "{\"GroupId\":\"live_5\",\"Members_Account\":[\"spammer\"]}");
        assertThat(tencent.control("POST", "rooms/live_5/join", "{\"users\":[\"spammer\"]}").path("joined").toString())
                .isEqualTo("[\"spammer\"]");
    }

    @Test
    void eachClientKeepsWhatItReceivedInOrderAndTheSameRandomIsDeliveredOnce() {
        live("live_6");
        tencent.control("POST", "rooms/live_6/join", "{\"users\":[\"alice\"]}");
        String message = "{\"GroupId\":\"live_6\",\"Random\":777,\"MsgPriority\":\"High\",\"MsgBody\":[{\"MsgType\":\"TIMCustomElem\","
                + "\"MsgContent\":{\"Data\":\"{\\\"v\\\":1}\",\"Desc\":\"\",\"Ext\":\"\"}}]}";
        assertThat(tencent.call("v4/group_open_http_svc/send_group_msg", message).path("MsgSeq").asLong()).isEqualTo(1);
        assertThat(tencent.call("v4/group_open_http_svc/send_group_msg", message).path("MsgSeq").asLong()).isEqualTo(1);
        tencent.control("POST", "rooms/live_6/join", "{\"users\":[\"late\"]}");
        tencent.call("v4/group_open_http_svc/send_group_msg", message.replace("777", "778"));

        JsonNode alice = tencent.control("GET", "clients/alice/inbox", null);
        assertThat(alice).hasSize(2);
        assertThat(alice.get(0).path("random").asLong()).isEqualTo(777);
        assertThat(alice.get(1).path("random").asLong()).isEqualTo(778);
        assertThat(tencent.control("GET", "clients/late/inbox", null)).as("joined after the first message").hasSize(1);
    }

    @Test
    void aResendWhoseFieldsComeInAnotherOrderIsTheSameMessage() {
        // Given a message delivered into a room
        live("live_16");
        tencent.control("POST", "rooms/live_16/join", "{\"users\":[\"alice\"]}");
        String first = "{\"GroupId\":\"live_16\",\"Random\":4242,\"MsgBody\":[{\"MsgType\":\"TIMCustomElem\","
                + "\"MsgContent\":{\"Data\":\"d\",\"Desc\":\"roomsync.member.state\",\"Ext\":\"\"}}]}";
        long seq = tencent.call("v4/group_open_http_svc/send_group_msg", first).path("MsgSeq").asLong();

        // When it is sent again by a process whose JSON library wrote the element's fields in another order
        String again = "{\"Random\":4242,\"MsgBody\":[{\"MsgContent\":{\"Ext\":\"\",\"Data\":\"d\","
                + "\"Desc\":\"roomsync.member.state\"},\"MsgType\":\"TIMCustomElem\"}],\"GroupId\":\"live_16\"}";
        JsonNode answer = tencent.call("v4/group_open_http_svc/send_group_msg", again);

        // Then Tencent takes it for the same message: the same seq, and the client received it once
        assertThat(answer.path("MsgSeq").asLong()).isEqualTo(seq);
        assertThat(tencent.control("GET", "clients/alice/inbox", null)).hasSize(1);
        // And a different content under the same Random is a new message
        tencent.call("v4/group_open_http_svc/send_group_msg", first.replace("\"d\"", "\"e\""));
        assertThat(tencent.control("GET", "clients/alice/inbox", null)).hasSize(2);
    }

    @Test
    void dropsChatOverFortyASecondButLetsHighPriorityThrough() {
        live("live_7");
        int delivered = 0;
        for (int i = 0; i < 60; i++) {
            JsonNode answer = tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_7\",\"Random\":" + i
                    + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"spam " + i + "\"}}]}");
            assertThat(code(answer)).as("the sender is told success").isZero();
            delivered += answer.has("MsgDropReason") ? 0 : 1;
        }
        JsonNode high = tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_7\",\"Random\":999,"
                + "\"MsgPriority\":\"High\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"notice\"}}]}");
        assertThat(delivered).isEqualTo(40);
        assertThat(high.has("MsgDropReason")).isFalse();
    }

    @Test
    void answers60007AboveTheApiRate() {
        emulator.close();
        emulator = TimEmulator.start(new EmulatorConfig("127.0.0.1", 0, EmulatorConfig.dev(0, null).apps(), null, "",
                java.time.Duration.ofSeconds(2), true, 5, 0, 40, true), STILL);
        tencent = new RawTencent(emulator);
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            limited += code(tencent.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"x\"]}")) == 60007 ? 1 : 0;
        }
        assertThat(limited).isEqualTo(7);
    }

    @Test
    void groupAttributesAreKeptWithinTencentsLimits() {
        live("live_8");
        assertThat(code(tencent.call("v4/group_open_http_svc/modify_group_attr",
                "{\"GroupId\":\"live_8\",\"GroupAttr\":[{\"key\":\"rs.admins\",\"value\":\"{}\"}]}"))).isZero();
        assertThat(tencent.call("v4/group_open_attr_http_svc/get_group_attr", "{\"GroupId\":\"live_8\"}").path("GroupAttrAry").toString())
                .isEqualTo("[{\"key\":\"rs.admins\",\"value\":\"{}\"}]");
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            limited += code(tencent.call("v4/group_open_http_svc/modify_group_attr",
                    "{\"GroupId\":\"live_8\",\"GroupAttr\":[{\"key\":\"k\",\"value\":\"" + i + "\"}]}")) == 10049 ? 1 : 0;
        }
        assertThat(limited).as("at most 5 writes a second, one was made before").isEqualTo(4);
    }

    @Test
    void attributeWritesAreLimitedOverEveryGroupOfTheAppTogether() {
        // Given three live rooms of one app, written by two callers (two connections, as two replicas would)
        live("live_a");
        live("live_b");
        live("live_c");
        RawTencent other = new RawTencent(emulator);
        List<String> rooms = List.of("live_a", "live_b", "live_c");

        // When 9 writes go to the three rooms in one second, in turn
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            RawTencent caller = i % 2 == 0 ? tencent : other;
            codes.add(code(caller.call("v4/group_open_http_svc/modify_group_attr", "{\"GroupId\":\"" + rooms.get(i % 3)
                    + "\",\"GroupAttr\":[{\"key\":\"k\",\"value\":\"" + i + "\"}]}")));
        }

        // Then the first 5 are taken and the next 4 refused with 10049, whichever room and caller
        assertThat(codes).containsExactly(0, 0, 0, 0, 0, 10049, 10049, 10049, 10049);
        JsonNode stats = tencent.control("GET", "stats", null);
        assertThat(stats.path("attributeWritesPeak").asInt()).isEqualTo(5);
        assertThat(stats.path("calls").path("modify_group_attr 10049").asInt()).isEqualTo(4);
    }

    @Test
    void anAttributeWriteRefusedForItsSizeDoesNotCountTowardsTheRate() {
        live("live_d");
        // Given 4 writes taken and one refused as too large
        for (int i = 0; i < 4; i++) {
            assertThat(code(attr("live_d", "{\"key\":\"k\",\"value\":\"" + i + "\"}"))).isZero();
        }
        assertThat(code(attr("live_d", "{\"key\":\"big\",\"value\":\"" + "x".repeat(4001) + "\"}"))).isEqualTo(10004);

        // Then a fifth write of that second is still taken, a sixth is not
        assertThat(code(attr("live_d", "{\"key\":\"k\",\"value\":\"5\"}"))).isZero();
        assertThat(code(attr("live_d", "{\"key\":\"k\",\"value\":\"6\"}"))).isEqualTo(10049);
    }

    @Test
    void theApiRateHoldsForEveryCallerOfTheAppTogether() {
        emulator.close();
        emulator = TimEmulator.start(new EmulatorConfig("127.0.0.1", 0, EmulatorConfig.dev(0, null).apps(), null, "",
                java.time.Duration.ofSeconds(2), true, 5, 0, 40, true), STILL);
        tencent = new RawTencent(emulator);
        RawTencent other = new RawTencent(emulator);
        // When two callers each make 4 calls of one API in the same second
        List<Boolean> limited = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            limited.add(code(tencent.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"x\"]}")) == 60007);
            limited.add(code(other.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"x\"]}")) == 60007);
        }
        // Then 5 are answered and 3 refused with 60007, and another API still has its own 5
        assertThat(limited).containsExactly(false, false, false, false, false, true, true, true);
        assertThat(code(other.call("v4/group_open_http_svc/get_group_muted_account", "{\"GroupId\":\"x\"}"))).isEqualTo(10010);
        assertThat(tencent.control("GET", "stats", null).path("peaks").path("get_group_info").asInt()).isEqualTo(5);
    }

    @Test
    void anAttributeValueOfMoreThan4000BytesIsRefusedAndNothingOfTheWriteIsKept() {
        live("live_9");
        assertThat(code(attr("live_9", "{\"key\":\"full\",\"value\":\"" + "x".repeat(4000) + "\"}"))).isZero();

        JsonNode answer = attr("live_9", "{\"key\":\"ok\",\"value\":\"1\"},{\"key\":\"big\",\"value\":\"" + "x".repeat(4050) + "\"}");

        assertThat(code(answer)).isEqualTo(10004);
        assertThat(answer.path("ErrorInfo").asText()).isEqualTo("attribute big is 4050 bytes; at most 4000");
        assertThat(attributeKeys("live_9")).isEqualTo("[\"full\"]");
    }

    @Test
    void anAttributeValueIsMeasuredInUtf8Bytes() {
        live("live_10");
        // 1,334 characters of three bytes each: 4,002 bytes
        assertThat(attr("live_10", "{\"key\":\"zh\",\"value\":\"" + "字".repeat(1334) + "\"}").path("ErrorInfo").asText())
                .isEqualTo("attribute zh is 4002 bytes; at most 4000");
    }

    @Test
    void anAttributeKeyOfMoreThan32BytesIsRefused() {
        live("live_11");
        assertThat(code(attr("live_11", "{\"key\":\"" + "k".repeat(32) + "\",\"value\":\"v\"}"))).isZero();

        JsonNode answer = attr("live_11", "{\"key\":\"" + "k".repeat(33) + "\",\"value\":\"v\"}");

        assertThat(code(answer)).isEqualTo(10004);
        assertThat(answer.path("ErrorInfo").asText()).isEqualTo("attribute key " + "k".repeat(33) + " is 33 bytes; at most 32");
    }

    @Test
    void aGroupHoldsAtMost16KilobytesOfAttributesKeysIncluded() {
        // Given four values of 4,000 bytes under keys of 2 bytes: 16,008 bytes
        live("live_12");
        for (int i = 0; i < 4; i++) {
            assertThat(code(attr("live_12", "{\"key\":\"k" + i + "\",\"value\":\"" + "x".repeat(4000) + "\"}"))).isZero();
        }
        // When a fifth key would bring it over 16,384 bytes (16,008 + 2 + 375)
        JsonNode answer = attr("live_12", "{\"key\":\"k4\",\"value\":\"" + "x".repeat(375) + "\"}");

        // Then it is refused; 374 bytes would have fitted exactly
        assertThat(code(answer)).isEqualTo(10004);
        assertThat(answer.path("ErrorInfo").asText()).isEqualTo("attributes would total 16385 bytes; at most 16384");
        assertThat(code(attr("live_12", "{\"key\":\"k4\",\"value\":\"" + "x".repeat(374) + "\"}"))).isZero();
    }

    @Test
    void aGroupHoldsAtMost16AttributeKeys() {
        live("live_13");
        String sixteen = IntStream.range(0, 16).mapToObj(i -> "{\"key\":\"k" + i + "\",\"value\":\"v\"}").collect(Collectors.joining(","));
        assertThat(code(attr("live_13", sixteen))).isZero();

        JsonNode answer = attr("live_13", "{\"key\":\"k16\",\"value\":\"v\"}");

        assertThat(code(answer)).isEqualTo(10004);
        assertThat(answer.path("ErrorInfo").asText()).isEqualTo("at most 16 attribute keys, the write would make 17");
    }

    @Test
    void anAttributeValueMustBeAString() {
        live("live_14");
        assertThat(code(attr("live_14", "{\"key\":\"n\",\"value\":5}"))).isEqualTo(10004);
        assertThat(code(attr("live_14", "{\"key\":\"n\"}"))).isEqualTo(10004);
    }

    @Test
    void unbanTakesAtMost20AccountsACall() {
        live("live_15");
        String twenty = IntStream.range(0, 20).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));

        assertThat(code(tencent.call("v4/group_open_http_svc/unban_group_member",
                "{\"GroupId\":\"live_15\",\"Members_Account\":[" + twenty + "]}"))).isZero();
        assertThat(code(tencent.call("v4/group_open_http_svc/unban_group_member",
                "{\"GroupId\":\"live_15\",\"Members_Account\":[" + twenty + ",\"u20\"]}"))).isEqualTo(10004);
    }

    @Test
    void muteTimeIsZeroToFourBillionSeconds() {
        live("live_17");
        assertThat(code(mute("live_17", "4294967295"))).isZero();
        assertThat(code(mute("live_17", "-1"))).isEqualTo(10004);
        assertThat(code(mute("live_17", "4294967296"))).isEqualTo(10004);
    }

    @Test
    void aRecallReasonOfMoreThan100BytesIsRefused() {
        live("live_18");
        assertThat(code(recall("live_18", "r".repeat(100)))).as("no such message, but the request is valid").isZero();
        assertThat(code(recall("live_18", "r".repeat(101)))).isEqualTo(10004);
    }

    @Test
    void aMessageBodyOfMoreThan12KilobytesIsRefusedWith80002MeasuredInBytes() {
        live("live_19");
        // The body's JSON around the text is 55 bytes: a text of 12,233 bytes makes 12,288 exactly
        String frame = "[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"\"}}]";
        int room = 12 * 1024 - frame.length();
        assertThat(code(message("live_19", 1, "x".repeat(room)))).isZero();
        assertThat(code(message("live_19", 2, "x".repeat(room + 1)))).isEqualTo(80002);
        // Three bytes a character: fewer characters than 12 K, more bytes
        assertThat(code(message("live_19", 3, "字".repeat(room / 3 + 1)))).isEqualTo(80002);
        assertThat(code(tencent.call("v4/openim/sendmsg", "{\"To_Account\":\"alice\",\"MsgRandom\":1,\"MsgBody\":"
                + frame.replace("\"Text\":\"\"", "\"Text\":\"" + "x".repeat(room + 1) + "\"") + "}"))).isEqualTo(80002);
    }

    @Test
    void randomIsA32BitUnsignedInteger() {
        live("live_20");
        assertThat(code(message("live_20", 4294967295L, "max"))).isZero();
        assertThat(code(message("live_20", 4294967296L, "over"))).isEqualTo(10004);
        assertThat(code(message("live_20", -1, "negative"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/openim/sendmsg", "{\"To_Account\":\"alice\",\"MsgRandom\":4294967296,"
                + "\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}"))).isEqualTo(10004);
    }

    @Test
    void msgPriorityIsCaseSensitive() {
        live("live_21");
        assertThat(code(tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_21\",\"Random\":1,"
                + "\"MsgPriority\":\"high\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}")))
                .isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_21\",\"Random\":1,"
                + "\"MsgPriority\":\"Low\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}")))
                .isZero();
    }

    @Test
    void aCustomGroupIdIsAtMost48PrintableAsciiBytesAndNotTencentsPrefix() {
        assertThat(code(create("g".repeat(48)))).isZero();
        assertThat(code(create("g".repeat(49)))).isEqualTo(10015);
        assertThat(code(create("@TGS#mine"))).isEqualTo(10015);
        assertThat(code(create("直播间"))).isEqualTo(10015);
        assertThat(code(create("tab\\tid"))).isEqualTo(10015);
    }

    @Test
    void introductionAndNotificationHaveTencentsLengths() {
        assertThat(code(tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_22\","
                + "\"Name\":\"Live\",\"Introduction\":\"" + "i".repeat(240) + "\",\"Notification\":\"" + "n".repeat(300) + "\"}")))
                .isZero();
        assertThat(code(tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_23\","
                + "\"Name\":\"Live\",\"Introduction\":\"" + "i".repeat(241) + "\"}"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"live_24\","
                + "\"Name\":\"Live\",\"Notification\":\"" + "n".repeat(301) + "\"}"))).isEqualTo(10004);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"live_23\",\"live_24\"]}")
                .path("GroupInfo").get(0))).as("nothing was created").isEqualTo(10010);
    }

    @Test
    void injectedErrorsAnswerTheGivenCode() {
        tencent.control("PUT", "faults/get_group_info", "{\"errorCode\":10002,\"errorPercent\":100}");
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"x\"]}"))).isEqualTo(10002);
        tencent.control("DELETE", "faults", null);
        assertThat(code(tencent.call("v4/group_open_http_svc/get_group_info", "{\"GroupIdList\":[\"x\"]}"))).isZero();
    }

    @Test
    void aFaultForOneGroupLeavesTheOtherGroupsAlone() {
        // Given two live rooms, and every message to live_sick failing
        live("live_sick");
        live("live_well");
        tencent.control("PUT", "faults/send_group_msg", "{\"errorCode\":10002,\"errorPercent\":100,\"groupId\":\"live_sick\"}");

        // When a message goes to each
        JsonNode sick = tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_sick\",\"Random\":1,"
                + "\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}");
        JsonNode well = tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"live_well\",\"Random\":1,"
                + "\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"hi\"}}]}");
        tencent.control("DELETE", "faults", null);

        // Then only live_sick's fails
        assertThat(code(sick)).isEqualTo(10002);
        assertThat(code(well)).isZero();
    }

    private void live(String groupId) {
        assertThat(code(tencent.call("v4/group_open_http_svc/create_group",
                "{\"Type\":\"AVChatRoom\",\"GroupId\":\"" + groupId + "\",\"Name\":\"Live\"}"))).isZero();
    }

    private JsonNode attr(String groupId, String entries) {
        return tencent.call("v4/group_open_http_svc/modify_group_attr", "{\"GroupId\":\"" + groupId + "\",\"GroupAttr\":[" + entries + "]}");
    }

    private String attributeKeys(String groupId) {
        return tencent.call("v4/group_open_attr_http_svc/get_group_attr", "{\"GroupId\":\"" + groupId + "\"}")
                .path("GroupAttrAry").findValuesAsText("key").stream().map(k -> "\"" + k + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private JsonNode mute(String groupId, String seconds) {
        return tencent.call("v4/group_open_http_svc/forbid_send_msg", "{\"GroupId\":\"" + groupId
                + "\",\"Members_Account\":[\"a\"],\"MuteTime\":" + seconds + "}");
    }

    private JsonNode recall(String groupId, String reason) {
        return tencent.call("v4/group_open_http_svc/group_msg_recall", "{\"GroupId\":\"" + groupId
                + "\",\"MsgSeqList\":[{\"MsgSeq\":1}],\"Reason\":\"" + reason + "\"}");
    }

    private JsonNode message(String groupId, long random, String text) {
        return tencent.call("v4/group_open_http_svc/send_group_msg", "{\"GroupId\":\"" + groupId + "\",\"Random\":" + random
                + ",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"" + text + "\"}}]}");
    }

    private JsonNode create(String groupId) {
        return tencent.call("v4/group_open_http_svc/create_group", "{\"Type\":\"AVChatRoom\",\"GroupId\":\"" + groupId
                + "\",\"Name\":\"Live\"}");
    }

    private JsonNode admin(String groupId, int commandType, String accounts) {
        return tencent.call("v4/group_open_avchatroom_http_svc/modify_admin",
                "{\"GroupId\":\"" + groupId + "\",\"CommandType\":" + commandType + ",\"Admin_Account\":[" + accounts + "]}");
    }

    private static int code(JsonNode answer) {
        return answer.path("ErrorCode").asInt();
    }
}
