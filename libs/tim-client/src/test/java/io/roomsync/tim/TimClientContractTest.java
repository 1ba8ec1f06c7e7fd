package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.tim.TimResults.BannedMember;
import io.roomsync.tim.TimResults.MutedMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every command of the client against the emulator over HTTP, as it would run against Tencent. */
class TimClientContractTest extends OneLiveRoomTest {

    @Test
    void createsInfoAndDestroysALiveRoom() {
        String generated = client.createLiveRoom(tencent.app, null, "Generated", null);
        assertThat(generated).startsWith("@TGS#a");
        assertThat(client.getGroupInfo(tencent.app, List.of("live_1", "missing")))
                .extracting(TimResults.GroupInfo::groupId, TimResults.GroupInfo::errorCode, TimResults.GroupInfo::type,
                        TimResults.GroupInfo::memberNum)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("live_1", 0, "AVChatRoom", 3L),
                        org.assertj.core.groups.Tuple.tuple("missing", 10010, null, 0L));
        client.destroyGroup(tencent.app, generated);
        assertThat(client.getGroupInfo(tencent.app, List.of(generated)).get(0).errorCode()).isEqualTo(10010);
    }

    @Test
    void sendsACustomMessageEveryMemberReceivesOnce() {
        TimResults.SentMessage sent = client.sendGroupMessage(tencent.app,
                GroupMessageRequest.custom("live_1", 4242L, GroupMessageRequest.Priority.HIGH, "{\"v\":1}", "roomsync"));
        client.sendGroupMessage(tencent.app,
                GroupMessageRequest.custom("live_1", 4242L, GroupMessageRequest.Priority.HIGH, "{\"v\":1}", "roomsync"));

        assertThat(sent.msgSeq()).isEqualTo(1);
        JsonNode inbox = tencent.control("GET", "clients/alice/inbox", null);
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("priority").asText()).isEqualTo("High");
        assertThat(inbox.get(0).path("body").get(0).path("MsgContent").path("Data").asText()).isEqualTo("{\"v\":1}");
    }

    @Test
    void mutesInBatchesOfFiveHundredAndReadsTheMutesBack() {
        List<String> many = IntStream.range(0, 1200).mapToObj(i -> "viewer_" + i).toList();

        int attempts = client.mute(tencent.app, "live_1", many, 600);

        assertThat(tencent.calls("forbid_send_msg", 0)).isEqualTo(3);
        assertThat(attempts).isEqualTo(3);
        List<MutedMember> muted = client.getMutedMembers(tencent.app, "live_1");
        assertThat(muted).hasSize(1200);
        assertThat(muted.get(0).mutedUntil()).isAfter(Instant.now().plusSeconds(590));
        client.unmute(tencent.app, "live_1", many.subList(0, 700));
        assertThat(client.getMutedMembers(tencent.app, "live_1")).hasSize(500);
    }

    @Test
    void bansInBatchesOfTwentyAndUnbans() {
        List<String> many = IntStream.range(0, 45).mapToObj(i -> "spammer_" + i).toList();

        int attempts = client.ban(tencent.app, "live_1", many, 3600, "spam wave");

        assertThat(tencent.calls("ban_group_member", 0)).isEqualTo(3);
        assertThat(attempts).isEqualTo(3);
        List<BannedMember> banned = client.getBannedMembers(tencent.app, "live_1");
        assertThat(banned).extracting(BannedMember::account).containsExactlyElementsOf(many);
        assertThat(banned.get(0).reason()).isEqualTo("spam wave");
        client.unban(tencent.app, "live_1", many);
        assertThat(client.getBannedMembers(tencent.app, "live_1")).isEmpty();
    }

    @Test
    void readsBannedMembersAcrossPages() {
        List<String> many = IntStream.range(0, TimClient.BAN_PAGE + 7).mapToObj(i -> "u" + i).toList();
        client.ban(tencent.app, "live_1", many, 3600, null);
        assertThat(client.getBannedMembers(tencent.app, "live_1")).hasSize(TimClient.BAN_PAGE + 7);
        assertThat(tencent.calls("get_group_ban_member", 0)).isEqualTo(2);
    }

    @Test
    void grantsAndRevokesAdmins() {
        client.modifyAdmins(tencent.app, "live_1", TimClient.AdminChange.GRANT, List.of("alice", "bob"));
        client.modifyAdmins(tencent.app, "live_1", TimClient.AdminChange.REVOKE, List.of("alice"));
        assertThat(client.getAdmins(tencent.app, "live_1")).containsExactly("bob");
    }

    @Test
    void recallsMessagesInBatchesOfTen() {
        List<Long> seqs = IntStream.range(0, 12).mapToObj(i -> client.sendGroupMessage(tencent.app,
                GroupMessageRequest.custom("live_1", 100 + i, GroupMessageRequest.Priority.NORMAL, "m" + i, "")).msgSeq()).toList();

        List<TimResults.Recall> recalled = client.recall(tencent.app, "live_1", seqs, "spam");

        assertThat(recalled).extracting(TimResults.Recall::retCode).containsOnly(0);
        assertThat(recalled).hasSize(12);
        assertThat(tencent.calls("group_msg_recall", 0)).isEqualTo(2);
        assertThat(tencent.control("GET", "clients/alice/inbox", null).get(0).path("recalled").asBoolean()).isTrue();
    }

    @Test
    void writesAndReadsGroupAttributes() {
        client.modifyGroupAttributes(tencent.app, "live_1", Map.of("rs.v", "3"));
        client.modifyGroupAttributes(tencent.app, "live_1", Map.of("rs.admins", "[\"bob\"]"));
        assertThat(client.getGroupAttributes(tencent.app, "live_1")).containsExactlyInAnyOrderEntriesOf(
                Map.of("rs.v", "3", "rs.admins", "[\"bob\"]"));
    }

    @Test
    void sendsAOneToOneMessage() {
        client.sendUserMessage(tencent.app, "alice", 55L, List.of(MessageElement.custom("{\"you\":\"admin\"}", "roomsync")));
        JsonNode inbox = tencent.control("GET", "clients/alice/inbox", null);
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("room").isNull()).isTrue();
    }

    @Test
    void aPermanentErrorFailsAtOnceWithTencentsCode() {
        client.modifyAdmins(tencent.app, "live_1", TimClient.AdminChange.GRANT, List.of("a1", "a2", "a3", "a4", "a5"));

        assertThatThrownBy(() -> client.modifyAdmins(tencent.app, "live_1", TimClient.AdminChange.GRANT, List.of("a6")))
                .isInstanceOfSatisfying(TimException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(10004);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.api()).isEqualTo("v4/group_open_avchatroom_http_svc/modify_admin");
                });
    }

    @Test
    void aRetryableErrorIsRetriedWithBackoffUntilTheAttemptsRunOut() {
        tencent.fault("get_admin_list", "{\"errorCode\":10002,\"errorPercent\":100}");

        assertThatThrownBy(() -> client.getAdmins(tencent.app, "live_1"))
                .isInstanceOfSatisfying(TimException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(10002);
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.isPermanent()).isFalse();
                });
        assertThat(meters.get("roomsync.tim.calls").tag("api", "get_admin_list").tag("code", "10002").counter().count())
                .isEqualTo(5.0);
        assertThat(meters.get("resilience4j.retry.calls").tag("name", "1400000000.get_admin_list")
                .tag("kind", "failed_with_retry").functionCounter().count()).isEqualTo(1.0);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "1400000000.get_admin_list")
                .tag("state", "closed").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void noAnswerAtAllIsATransportFailureAndRetried() {
        tencent.fault("get_admin_list", "{\"dropPercent\":100}");
        assertThatThrownBy(() -> client.getAdmins(tencent.app, "live_1"))
                .isInstanceOfSatisfying(TimException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(TimException.TRANSPORT_FAILURE);
                    assertThat(e.attempts()).isEqualTo(5);
                });
    }

    @Test
    void anExpiredSignatureIsRenewedAndTheCallRetriedOnce() {
        // Given a client whose clock says the first UserSig it makes is two days old for Tencent
        Instant now = Instant.now();
        SteppingClock clock = new SteppingClock(now.minus(Duration.ofDays(2)), now);
        try (TimClient lagging = new TimClient(TimClientConfig.ofDefaults(), new SimpleMeterRegistry(), clock)) {
            // When it calls
            List<String> admins = lagging.getAdmins(tencent.app, "live_1");

            // Then Tencent refused the stale signature once, and the renewed one went through
            assertThat(admins).isEmpty();
            assertThat(tencent.calls("get_admin_list", 70001)).isEqualTo(1);
            assertThat(tencent.calls("get_admin_list", 0)).isEqualTo(1);
        }
    }

    @Test
    void aWrongKeyIsPermanent() {
        TimApp wrongKey = new TimApp(tencent.app.sdkAppId(), tencent.app.domain(), "administrator", "0".repeat(64));
        assertThatThrownBy(() -> client.getAdmins(wrongKey, "live_1"))
                .isInstanceOfSatisfying(TimException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(70009);
                    assertThat(e.attempts()).isEqualTo(1);
                });
    }

    /** First read: {@code first}; every later read: {@code then}. */
    static final class SteppingClock extends java.time.Clock {
        private final Instant first;
        private final Instant then;
        private boolean read;

        SteppingClock(Instant first, Instant then) {
            this.first = first;
            this.then = then;
        }

        @Override
        public synchronized Instant instant() {
            Instant instant = read ? then : first;
            read = true;
            return instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
