package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.EventIds;
import io.roomsync.contract.im.GroupAttributesChanged;
import io.roomsync.contract.im.GroupCreated;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.GroupFull;
import io.roomsync.contract.im.GroupInfoChanged;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.JoinRequested;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersInvited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.MessagesRecalled;
import io.roomsync.contract.im.OwnerChanged;
import io.roomsync.contract.im.RawCallback;
import io.roomsync.contract.im.SendFailure;
import io.roomsync.contract.im.UserStateChanged;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackParserTest {

    private static final Instant RECEIVED = Instant.parse("2025-11-25T10:00:01Z");
    private final CallbackParser parser = new CallbackParser();

    /** Every fixture and the payload type it must become. */
    static final Map<String, Class<?>> FIXTURES = Map.ofEntries(
            Map.entry("Group.CallbackBeforeSendMsg.json", GroupMessage.class),
            Map.entry("Group.CallbackAfterSendMsg.json", GroupMessage.class),
            Map.entry("Group.CallbackSendMsgException.json", GroupMessage.class),
            Map.entry("Group.CallbackAfterNewMemberJoin.json", MembersJoined.class),
            Map.entry("Group.CallbackAfterNewMemberJoin.no-event-time.json", MembersJoined.class),
            Map.entry("Group.CallbackAfterMemberExit.json", MembersExited.class),
            Map.entry("Group.CallbackAfterMemberFieldChanged.json", MemberFieldChanged.class),
            Map.entry("Group.CallbackAfterMemberFieldChanged.modified-account.json", MemberFieldChanged.class),
            Map.entry("Group.CallbackOnMemberStateChange.json", MembersOnlineStateChanged.class),
            Map.entry("Group.CallbackOnMemberStateChange.with-cause.json", MembersOnlineStateChanged.class),
            Map.entry("Group.CallbackAfterGroupDestroyed.json", GroupDestroyed.class),
            Map.entry("Group.CallbackAfterGroupInfoChanged.json", GroupInfoChanged.class),
            Map.entry("Group.CallbackAfterRecallMsg.json", MessagesRecalled.class),
            Map.entry("Group.CallbackBeforeApplyJoinGroup.json", JoinRequested.class),
            Map.entry("Group.CallbackBeforeInviteJoinGroup.json", MembersInvited.class),
            Map.entry("Group.CallbackBeforeCreateGroup.json", GroupCreated.class),
            Map.entry("Group.CallbackAfterCreateGroup.json", GroupCreated.class),
            Map.entry("Group.CallbackAfterGroupFull.json", GroupFull.class),
            Map.entry("Group.CallbackAfterGroupAttrChanged.json", GroupAttributesChanged.class),
            Map.entry("Group.CallbackAfterChangeGroupOwner.json", OwnerChanged.class),
            Map.entry("State.StateChange.json", UserStateChanged.class),
            Map.entry("State.StateChange.legacy-logout.json", UserStateChanged.class),
            Map.entry("Group.CallbackAfterReadReceipt.unknown.json", RawCallback.class));

    static List<String> fixtures() {
        return FIXTURES.keySet().stream().sorted().toList();
    }

    @Test
    void everyFixtureFileIsCovered() throws IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/callbacks"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(FIXTURES.keySet());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyDocumentedShapeBecomesItsTypedEvent(String fixture) throws IOException {
        // Given a callback body in one of Tencent's documented shapes, with its command in the query
        byte[] body = fixture(fixture);
        String command = fixture.substring(0, fixture.indexOf('.', fixture.indexOf('.') + 1));

        // When it is parsed, as delivered at RequestTime 1764064801
        Intake intake = parser.parse(new Callback("1400000000", command, null, "1764064801", null, null, body, RECEIVED));

        // Then it is accepted as its typed payload, with the deterministic id
        assertThat(intake).isInstanceOf(Intake.Accepted.class);
        ImEvent event = ((Intake.Accepted) intake).event();
        assertThat(event.getPayload()).isInstanceOf(FIXTURES.get(fixture));
        assertThat(event.getCommand()).isEqualTo(command);
        assertThat(event.getId()).isEqualTo(EventIds.of(1400000000L, command, body, "1764064801"));
        // which takes the RequestTime in exactly when the event has no EventTime (the contract's rule and ingest agree)
        assertThat(event.getId().equals(EventIds.of(1400000000L, command, body, null))).as("id without RequestTime")
                .isEqualTo(event.getEventTime() != null);
        assertThat(event.getSdkAppId()).isEqualTo(1400000000L);
        assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void anAfterSendMessageKeepsEveryFieldAndElement() throws IOException {
        ImEvent event = accepted("Group.CallbackAfterSendMsg", fixture("Group.CallbackAfterSendMsg.json")).event();

        assertThat(event.getRoom()).isEqualTo("@TGS#aLIVE0001");
        assertThat(event.getGroupType()).isEqualTo("AVChatRoom");
        assertThat(event.getOperator()).isEqualTo("viewer_17");
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1764064800456L));
        assertThat(event.getPayload()).isEqualTo(GroupMessage.newBuilder()
                .setFrom("viewer_17").setRandom(2874519L).setMsgSeq(408L).setMsgTime(1764064800L)
                .setMsgId("144115233406643804-1764064800-2874519").setOnlineOnly(false).setTopicId(null)
                .setCloudCustomData("")
                .setBody(List.of(
                        new MessageElement("TIMTextElem", "is the host back yet?", "{\"Text\":\"is the host back yet?\"}"),
                        new MessageElement("TIMCustomElem", null, "{\"Data\":\"{\\\"badge\\\":\\\"gold\\\"}\",\"Desc\":\"badge\",\"Ext\":\"\"}")))
                .setFailure(null)
                .build());
    }

    @Test
    void eventTimeMayBeAStringOfMilliseconds() throws IOException {
        ImEvent event = accepted("Group.CallbackBeforeSendMsg", fixture("Group.CallbackBeforeSendMsg.json")).event();
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1764064800123L));
    }

    @Test
    void eventTimeMayBeAbsent() throws IOException {
        ImEvent event = accepted("Group.CallbackAfterNewMemberJoin", fixture("Group.CallbackAfterNewMemberJoin.no-event-time.json")).event();
        assertThat(event.getEventTime()).isNull();
        assertThat(event.getPayload()).isEqualTo(new MembersJoined("Invited", List.of("guest_1")));
    }

    @Test
    void aSendFailureCarriesTencentsCodeAndText() throws IOException {
        GroupMessage message = (GroupMessage) accepted("Group.CallbackSendMsgException",
                fixture("Group.CallbackSendMsgException.json")).event().getPayload();
        assertThat(message.getFailure()).isEqualTo(new SendFailure(10023, "msg count exceeds limit,please retry later"));
        assertThat(message.getMsgSeq()).isNull();
    }

    @Test
    void joinsExitsAndOnlineChangesListTheirMembers() throws IOException {
        assertThat(accepted("Group.CallbackAfterNewMemberJoin", fixture("Group.CallbackAfterNewMemberJoin.json")).event().getPayload())
                .isEqualTo(new MembersJoined("Apply", List.of("viewer_5", "viewer_6")));
        assertThat(accepted("Group.CallbackAfterMemberExit", fixture("Group.CallbackAfterMemberExit.json")).event().getPayload())
                .isEqualTo(new MembersExited("Quit", List.of("viewer_5")));
        assertThat(accepted("Group.CallbackOnMemberStateChange", fixture("Group.CallbackOnMemberStateChange.json")).event().getPayload())
                .isEqualTo(new MembersOnlineStateChanged("Offline", null, List.of("viewer_17", "viewer_23")));
        assertThat(accepted("Group.CallbackOnMemberStateChange", fixture("Group.CallbackOnMemberStateChange.with-cause.json")).event().getPayload())
                .isEqualTo(new MembersOnlineStateChanged("Online", "HeartbeatRecover", List.of("viewer_17")));
    }

    @Test
    void aMemberFieldChangeNamesTheMemberUnderEitherSpelling() throws IOException {
        assertThat(accepted("Group.CallbackAfterMemberFieldChanged", fixture("Group.CallbackAfterMemberFieldChanged.json")).event().getPayload())
                .isEqualTo(new MemberFieldChanged("assistant_2", "Admin", "Assistant Two"));
        assertThat(accepted("Group.CallbackAfterMemberFieldChanged", fixture("Group.CallbackAfterMemberFieldChanged.modified-account.json")).event().getPayload())
                .isEqualTo(new MemberFieldChanged("assistant_3", "Member", null));
    }

    @Test
    void groupLifecycleCallbacksKeepTheirFields() throws IOException {
        assertThat(accepted("Group.CallbackAfterGroupDestroyed", fixture("Group.CallbackAfterGroupDestroyed.json")).event().getPayload())
                .isEqualTo(new GroupDestroyed("host_1", "Friday night stream", List.of("host_1", "viewer_6")));
        assertThat(accepted("Group.CallbackAfterGroupInfoChanged", fixture("Group.CallbackAfterGroupInfoChanged.json")).event().getPayload())
                .isEqualTo(new GroupInfoChanged(null, null, "We start again at nine", null));
        assertThat(accepted("Group.CallbackAfterRecallMsg", fixture("Group.CallbackAfterRecallMsg.json")).event().getPayload())
                .isEqualTo(new MessagesRecalled(List.of(408L, 409L), null));
        assertThat(accepted("Group.CallbackBeforeApplyJoinGroup", fixture("Group.CallbackBeforeApplyJoinGroup.json")).event().getPayload())
                .isEqualTo(new JoinRequested("viewer_99"));
        assertThat(accepted("Group.CallbackBeforeInviteJoinGroup", fixture("Group.CallbackBeforeInviteJoinGroup.json")).event().getPayload())
                .isEqualTo(new MembersInvited(List.of("guest_4")));
        assertThat(accepted("Group.CallbackAfterCreateGroup", fixture("Group.CallbackAfterCreateGroup.json")).event().getPayload())
                .isEqualTo(new GroupCreated("host_1", "Saturday stream", List.of("host_1")));
        assertThat(accepted("Group.CallbackAfterGroupAttrChanged", fixture("Group.CallbackAfterGroupAttrChanged.json")).event().getPayload())
                .isEqualTo(new GroupAttributesChanged("modify", Map.of("rs.admins", "{\"v\":3}")));
        assertThat(accepted("Group.CallbackAfterChangeGroupOwner", fixture("Group.CallbackAfterChangeGroupOwner.json")).event().getPayload())
                .isEqualTo(new OwnerChanged("host_2"));
    }

    @Test
    void beforeCreateHasNoGroupYetAndIsKeyedByItsOperator() throws IOException {
        Intake.Accepted accepted = accepted("Group.CallbackBeforeCreateGroup", fixture("Group.CallbackBeforeCreateGroup.json"));
        assertThat(accepted.event().getRoom()).isNull();
        assertThat(accepted.key()).isEqualTo("host_1");
    }

    @Test
    void aStateChangeIsKeyedByItsUserWithPlatformsSpelledAsDocumented() throws IOException {
        Intake.Accepted accepted = accepted("State.StateChange", fixture("State.StateChange.json"));
        assertThat(accepted.key()).isEqualTo("viewer_17");
        assertThat(accepted.event().getRoom()).isNull();
        assertThat(accepted.event().getPayload())
                .isEqualTo(new UserStateChanged("viewer_17", "Login", "Register", List.of("iOS", "Web")));
    }

    @Test
    void groupEventsAreKeyedByTheirRoom() throws IOException {
        assertThat(accepted("Group.CallbackAfterMemberExit", fixture("Group.CallbackAfterMemberExit.json")).key()).isEqualTo("live_room_8");
    }

    @Test
    void anUnknownCommandTravelsWholeAsRawJson() throws IOException {
        Intake.Accepted accepted = accepted("Group.CallbackAfterReadReceipt", fixture("Group.CallbackAfterReadReceipt.unknown.json"));
        assertThat(accepted.event().getRoom()).isEqualTo("team_room_2");
        assertThat(((RawCallback) accepted.event().getPayload()).getJson()).isEqualTo(
                "{\"CallbackCommand\":\"Group.CallbackAfterReadReceipt\",\"GroupId\":\"team_room_2\",\"Type\":\"Public\","
                        + "\"GroupMsgReceiptList\":[{\"MsgSeq\":17,\"ReadNum\":4,\"UnreadNum\":2}],\"EventTime\":\"1764064817000\"}");
    }

    @Test
    void theQueryPlatformIsSpelledAsDocumented() throws IOException {
        Callback callback = new Callback("1400000000", "Group.CallbackAfterSendMsg", null, null, "10.0.0.1", "IOS",
                fixture("Group.CallbackAfterSendMsg.json"), RECEIVED);
        ImEvent event = ((Intake.Accepted) parser.parse(callback)).event();
        assertThat(event.getPlatform()).isEqualTo("iOS");
        assertThat(event.getClientIp()).isEqualTo("10.0.0.1");
    }

    @Test
    void theCommandMayComeFromTheBodyAlone() throws IOException {
        Callback callback = new Callback("1400000000", null, null, null, null, null, fixture("Group.CallbackAfterMemberExit.json"), RECEIVED);
        assertThat(((Intake.Accepted) parser.parse(callback)).event().getCommand()).isEqualTo("Group.CallbackAfterMemberExit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"GroupId\":", "[1,2]", "\"text\"", "null"})
    void refusesABodyThatIsNotAJsonObject(String body) {
        assertThat(refusal("Group.CallbackAfterSendMsg", body)).isEqualTo(Rejection.MALFORMED_JSON);
    }

    @Test
    void refusesACallbackWithoutACommand() {
        assertThat(refusal(null, "{\"GroupId\":\"live_1\"}")).isEqualTo(Rejection.MISSING_COMMAND);
    }

    @Test
    void refusesACommandThatDiffersBetweenQueryAndBody() {
        Intake intake = parser.parse(callback("Group.CallbackBeforeSendMsg",
                "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"live_1\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(intake).isEqualTo(new Intake.Refused(Rejection.COMMAND_MISMATCH,
                "CallbackCommand is Group.CallbackBeforeSendMsg in the query but Group.CallbackAfterSendMsg in the body"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\"}",
            "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"\"}",
            "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"1234567890123456789012345678901234567890123456789\"}",
            "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"直播间\"}",
            "{\"CallbackCommand\":\"Group.CallbackAfterReadReceipt\",\"GroupId\":\"line\\nbreak\"}"})
    void refusesAMissingOrInvalidGroupId(String body) {
        assertThat(refusal(null, body)).isEqualTo(Rejection.INVALID_GROUP_ID);
    }

    @Test
    void refusesAFieldOfTheWrongShapeNamingIt() {
        Intake intake = parser.parse(callback("Group.CallbackAfterSendMsg",
                "{\"GroupId\":\"live_1\",\"MsgBody\":\"hello\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(intake).isEqualTo(new Intake.Refused(Rejection.INVALID_PAYLOAD, "MsgBody must be an array"));
        assertThat(refusal("Group.CallbackAfterSendMsg", "{\"GroupId\":\"live_1\",\"Random\":\"lots\"}"))
                .isEqualTo(Rejection.INVALID_PAYLOAD);
        assertThat(refusal("Group.CallbackAfterMemberFieldChanged", "{\"GroupId\":\"live_1\",\"Role\":\"Admin\"}"))
                .isEqualTo(Rejection.INVALID_PAYLOAD);
        assertThat(refusal("State.StateChange", "{\"Info\":{\"Action\":\"Login\"}}")).isEqualTo(Rejection.INVALID_PAYLOAD);
        assertThat(refusal("Group.CallbackAfterNewMemberJoin", "{\"GroupId\":\"live_1\",\"NewMemberList\":[{}]}"))
                .isEqualTo(Rejection.INVALID_PAYLOAD);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Intake intake = parser.parse(callback("Group.CallbackAfterMemberExit",
                "{\"GroupId\":\"live_1\",\"ExitType\":\"Kicked\",\"ExitMemberList\":[{\"Member_Account\":\"a\",\"Extra\":1}],\"Future\":{\"x\":[1]}}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(((Intake.Accepted) intake).event().getPayload()).isEqualTo(new MembersExited("Kicked", List.of("a")));
    }

    private Intake.Accepted accepted(String command, byte[] body) {
        Intake intake = parser.parse(callback(command, body));
        assertThat(intake).isInstanceOf(Intake.Accepted.class);
        return (Intake.Accepted) intake;
    }

    private Rejection refusal(String command, String body) {
        Intake intake = parser.parse(callback(command, body.getBytes(StandardCharsets.UTF_8)));
        assertThat(intake).isInstanceOf(Intake.Refused.class);
        return ((Intake.Refused) intake).reason();
    }

    private static Callback callback(String command, byte[] body) {
        return new Callback("1400000000", command, null, null, null, null, body, RECEIVED);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = CallbackParserTest.class.getResourceAsStream("/callbacks/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
