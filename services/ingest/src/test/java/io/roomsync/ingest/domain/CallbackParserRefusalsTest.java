package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersJoined;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The kinds of body the parser refuses (issue 12, cases 3-6), each with its exact reason and detail. */
class CallbackParserRefusalsTest {

    private static final Instant RECEIVED = Instant.parse("2025-11-25T10:00:01Z");
    private static final String JOIN = "Group.CallbackAfterNewMemberJoin";
    private final CallbackParser parser = new CallbackParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"overlong slash, C0AF", "UTF-8-encoded surrogate, EDA080", "truncated sequence, E282",
            "F5 start byte, F5808080", "FF byte, FF", "lone continuation byte, 80"})
    void refusesABodyThatIsNotValidUtf8(String kind, String hex) {
        // Given a GroupId with an invalid UTF-8 sequence at byte 42 (Jackson alone reads C0 AF as "/")
        byte[] prefix = "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\",\"GroupId\":\"ov".getBytes(StandardCharsets.UTF_8);
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] suffix = "x\",\"MsgBody\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

        // When parsed, Then it is malformed-json naming the offset, and no room "ov/x" exists
        assertThat(parse(null, body)).as(kind).isEqualTo(new Intake.Refused(Rejection.MALFORMED_JSON,
                "request body is not valid UTF-8 (byte " + prefix.length + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UTF-16BE, UTF-16BE, 0", "UTF-16LE, UTF-16LE, 1", "UTF-32BE, UTF-32BE, 0", "UTF-32LE, UTF-32LE, 1"})
    void refusesABodyInUtf16OrUtf32ThatJacksonWouldHaveRead(String kind, String charset, int firstNul) {
        // Given a valid join, encoded as UTF-16 or UTF-32 (well-formed UTF-8 too, since all its bytes are below 0x80)
        byte[] body = "{\"GroupId\":\"r1\",\"NewMemberList\":[{\"Member_Account\":\"a\"}]}"
                .getBytes(java.nio.charset.Charset.forName(charset));

        // When parsed, Then it is malformed-json at its first NUL byte
        assertThat(parse(JOIN, body)).as(kind).isEqualTo(new Intake.Refused(Rejection.MALFORMED_JSON,
                "request body has a NUL byte (byte " + firstNul + "): JSON text is UTF-8, never UTF-16 or UTF-32"));
    }

    @Test
    void refusesAnEscapedLoneSurrogate() {
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"NewMemberList\":[{\"Member_Account\":\"a\\ud800\"}]}"))
                .isEqualTo(new Intake.Refused(Rejection.MALFORMED_JSON, "request body escapes a lone surrogate (not Unicode text)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "[{\"GroupId\":\"r1\"}]", "42", "-1.5e3", "true", "\"{}\"", "", "   "})
    void refusesABodyThatIsNotOneJsonObject(String body) {
        Intake intake = parse(JOIN, body);
        assertThat(intake).isInstanceOf(Intake.Refused.class);
        assertThat(((Intake.Refused) intake).reason()).isEqualTo(Rejection.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"GroupId\":\"r1\"} {\"GroupId\":\"r2\"}", "{\"GroupId\":\"r1\"}]", "{\"GroupId\":\"r1\"}x"})
    void refusesAnythingAfterTheObject(String body) {
        assertThat(parse(JOIN, body)).isEqualTo(new Intake.Refused(Rejection.MALFORMED_JSON, "request body is not valid JSON"));
    }

    @Test
    void refusesAFieldNamedTwiceRatherThanLettingTheLastOneWin() {
        assertThat(parse(JOIN, "{\"GroupId\":\"room_a\",\"GroupId\":\"room_b\",\"NewMemberList\":[]}"))
                .isEqualTo(new Intake.Refused(Rejection.MALFORMED_JSON, "request body names a field twice in one object"));
    }

    @Test
    void nestingIsLimitedToThirtyTwoLevels() {
        // Given the object itself (level 1) holding 31 and then 32 nested arrays
        String fits = "{\"GroupId\":\"r1\",\"Deep\":" + "[".repeat(31) + "]".repeat(31) + "}";
        String tooDeep = "{\"GroupId\":\"r1\",\"Deep\":" + "[".repeat(32) + "]".repeat(32) + "}";
        String bomb = "{\"GroupId\":\"r1\",\"Deep\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";

        assertThat(parse(JOIN, fits)).isInstanceOf(Intake.Accepted.class);
        assertThat(parse(JOIN, tooDeep)).isEqualTo(jsonLimit());
        assertThat(parse(JOIN, bomb)).isEqualTo(jsonLimit());
    }

    @Test
    void numbersNamesAndStringsHaveDocumentedLengths() {
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"N\":" + "9".repeat(64) + "}")).isInstanceOf(Intake.Accepted.class);
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"N\":" + "9".repeat(65) + "}")).isEqualTo(jsonLimit());
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"" + "n".repeat(1024) + "\":1}")).isInstanceOf(Intake.Accepted.class);
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"" + "n".repeat(1025) + "\":1}")).isEqualTo(jsonLimit());
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"S\":\"" + "s".repeat(65_536) + "\"}")).isInstanceOf(Intake.Accepted.class);
        assertThat(parse(JOIN, "{\"GroupId\":\"r1\",\"S\":\"" + "s".repeat(65_537) + "\"}")).isEqualTo(jsonLimit());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "EventTime|\"１７６４０６４８００\"", "EventTime|\"+1764064800\"", "EventTime|\" 1764064800\"",
            "EventTime|9223372036854775808", "EventTime|\"9223372036854775808\"", "EventTime|1.5",
            "MsgSeq|\"٤٠٨\"", "MsgSeq|-9223372036854775809", "Random|\"0x10\"", "Random|1e3", "MsgTime|[1]",
            "OnlineOnlyFlag|\"１\""})
    void refusesANumberNotInAsciiDigitsOrBeyond64BitsNamingTheField(String field, String value) {
        Intake intake = parse("Group.CallbackAfterSendMsg", "{\"GroupId\":\"r1\",\"MsgBody\":[],\"" + field + "\":" + value + "}");
        assertThat(intake).isEqualTo(new Intake.Refused(Rejection.INVALID_PAYLOAD,
                field + " must be an integer (a JSON integer, or a string of ASCII digits) within 64 bits"));
    }

    @Test
    void refusesAnErrorCodeBeyond32Bits() {
        assertThat(parse("Group.CallbackSendMsgException", "{\"GroupId\":\"r1\",\"MsgBody\":[],\"ErrorCode\":2147483648}"))
                .isEqualTo(new Intake.Refused(Rejection.INVALID_PAYLOAD, "ErrorCode must be a 32-bit integer"));
    }

    @Test
    void aNumberMayStillComeAsAStringOfAsciiDigits() {
        Intake.Accepted accepted = (Intake.Accepted) parse("Group.CallbackAfterSendMsg",
                "{\"GroupId\":\"r1\",\"MsgBody\":[],\"EventTime\":\"1764064800123\",\"MsgSeq\":\"-1\",\"Random\":\"\"}");
        assertThat(accepted.event().getEventTime()).isEqualTo(Instant.ofEpochMilli(1764064800123L));
        assertThat(((GroupMessage) accepted.event().getPayload()).getMsgSeq()).isEqualTo(-1L);
        assertThat(((GroupMessage) accepted.event().getPayload()).getRandom()).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "Group.CallbackAfterNewMemberJoin|\"NewMemberList\":[{\"Member_Account\":\"ok\"},{\"Member_Account\":\"has space\"}]|NewMemberList[1].Member_Account",
            "Group.CallbackAfterMemberExit|\"ExitMemberList\":[{\"Member_Account\":\"123456789012345678901234567890123\"}]|ExitMemberList[0].Member_Account",
            "Group.CallbackOnMemberStateChange|\"EventType\":\"Online\",\"MemberList\":[{\"Member_Account\":\"直播\"}]|MemberList[0].Member_Account",
            "Group.CallbackBeforeInviteJoinGroup|\"DestinationMembers\":[{\"Member_Account\":\"tab\\there\"}]|DestinationMembers[0].Member_Account",
            "Group.CallbackAfterGroupDestroyed|\"MemberList\":[\"nul\\u0000\"]|MemberList[0].Member_Account",
            "Group.CallbackAfterCreateGroup|\"Owner_Account\":\"host 1\"|Owner_Account",
            "Group.CallbackAfterMemberFieldChanged|\"Member_Account\":\"a b\",\"Role\":\"Admin\"|Member_Account",
            "Group.CallbackAfterMemberFieldChanged|\"Modified_Account\":\"é\",\"Role\":\"Admin\"|Modified_Account",
            "Group.CallbackBeforeApplyJoinGroup|\"Requestor_Account\":\" \"|Requestor_Account",
            "Group.CallbackAfterChangeGroupOwner|\"NewOwner_Account\":\"new\\nowner\"|NewOwner_Account",
            "Group.CallbackAfterSendMsg|\"MsgBody\":[],\"From_Account\":\"from me\"|From_Account",
            "Group.CallbackAfterSendMsg|\"MsgBody\":[],\"Operator_Account\":\"op\\u007f\"|Operator_Account"})
    void refusesAMemberIdTencentWouldNeverSendNamingTheField(String command, String fields, String named) {
        Intake intake = parse(command, "{\"GroupId\":\"r1\"," + fields + "}");
        assertThat(intake).isEqualTo(new Intake.Refused(Rejection.INVALID_PAYLOAD,
                named + " must be a user id: 1-32 bytes of printable ASCII without space"));
    }

    @Test
    void refusesAUserStateChangeForAnInvalidUser() {
        assertThat(parse("State.StateChange", "{\"Info\":{\"Action\":\"Login\",\"To_Account\":\"two words\"}}"))
                .isEqualTo(new Intake.Refused(Rejection.INVALID_PAYLOAD,
                        "To_Account must be a user id: 1-32 bytes of printable ASCII without space"));
    }

    @Test
    void acceptsEveryMemberIdTencentCouldSendSlashIncluded() {
        // Given ids of 32 bytes, with punctuation and a "/" (the member-state key escapes it, see Keys)
        String longest = "u".repeat(32);
        Intake joined = parse(JOIN, "{\"GroupId\":\"r1\",\"NewMemberList\":[{\"Member_Account\":\"" + longest
                + "\"},{\"Member_Account\":\"a/b\"},{\"Member_Account\":\"@TIM#SYSTEM\"},\"x~!\"]}");
        Intake changed = parse("Group.CallbackAfterMemberFieldChanged",
                "{\"GroupId\":\"r1\",\"Member_Account\":\"a/b\",\"Role\":\"Admin\",\"Operator_Account\":\"\"}");

        assertThat(((Intake.Accepted) joined).event().getPayload())
                .isEqualTo(new MembersJoined(null, List.of(longest, "a/b", "@TIM#SYSTEM", "x~!")));
        assertThat(((Intake.Accepted) changed).event().getPayload()).isEqualTo(new MemberFieldChanged("a/b", "Admin", null));
        // And an empty Operator_Account reads as no operator
        assertThat(((Intake.Accepted) changed).event().getOperator()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Group.CallbackAfterSendMsg\n", "Group Callback", "Group.CallbackAfterSendMsg\u0000", "直播"})
    void refusesACommandThatIsNotPrintableAscii(String command) {
        Intake.Refused expected = new Intake.Refused(Rejection.INVALID_PAYLOAD,
                "CallbackCommand must be 1-128 characters of printable ASCII without space");
        // Given it in the query, or in the body
        assertThat(parse(command, "{\"GroupId\":\"r1\",\"MsgBody\":[]}")).isEqualTo(expected);
        assertThat(parse(null, "{\"CallbackCommand\":\"" + command.replace("\n", "\\n").replace("\u0000", "\\u0000")
                + "\",\"GroupId\":\"r1\",\"MsgBody\":[]}")).isEqualTo(expected);
        assertThat(parse("G." + "x".repeat(127), "{\"GroupId\":\"r1\"}")).isEqualTo(expected);
    }

    private static Intake.Refused jsonLimit() {
        return new Intake.Refused(Rejection.MALFORMED_JSON, "request body exceeds a JSON limit (nesting depth 32, number 64 "
                + "characters, string 65536 characters, field name 1024 characters)");
    }

    private Intake parse(String command, String body) {
        return parse(command, body.getBytes(StandardCharsets.UTF_8));
    }

    private Intake parse(String command, byte[] body) {
        return parser.parse(new Callback("1400000000", command, null, null, null, null, body, RECEIVED));
    }
}
