package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.contract.moderation.TermAction;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendVerdictTest {

    private static final GroupMessage MESSAGE = GroupMessage.newBuilder().setFrom("alice").setBody(List.of(
            MessageElement.newBuilder().setType("TIMTextElem").setText("big SCAM here").setContent("{\"Text\":\"big SCAM here\"}").build(),
            MessageElement.newBuilder().setType("TIMCustomElem").setContent("{\"Data\":\"{\\\"lvl\\\":7}\",\"Desc\":\"badge\"}").build()))
            .build();

    @Test
    void aMaskedMessageIsSentBackWholeWithItsTextsMasked() {
        // Given a room that masks "scam"
        RoomRules rules = RoomRules.compile(PolicyBook.defaults(1, "r").setBannedTerms(List.of("scam")).build());

        // When a message with a text and a custom element is judged
        SendVerdict.Answer answer = SendVerdict.judge(rules, MESSAGE);

        // Then Tencent is told to deliver the replacement body: the text masked, the custom element as sent
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,"
                + "\"ErrorInfo\":\"\",\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"big **** here\"}},"
                + "{\"MsgType\":\"TIMCustomElem\",\"MsgContent\":{\"Data\":\"{\\\"lvl\\\":7}\",\"Desc\":\"badge\"}}]}");
    }

    @Test
    void aRejectedMessageAnswersTheRoomsCodeAndADroppedOneCodeTwo() {
        RoomRules reject = RoomRules.compile(PolicyBook.defaults(1, "r").setBannedTerms(List.of("scam"))
                .setBannedTermAction(TermAction.REJECT).setRejectCode(10150).setRejectText("no scams").build());
        RoomRules drop = RoomRules.compile(PolicyBook.defaults(1, "r").setBannedTerms(List.of("scam"))
                .setBannedTermAction(TermAction.DROP).build());

        assertThat(new String(SendVerdict.judge(reject, MESSAGE).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":10150,\"ErrorInfo\":\"no scams\"}");
        assertThat(new String(SendVerdict.judge(drop, MESSAGE).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":2,\"ErrorInfo\":\"\"}");
    }

    @Test
    void aCleanMessageIsAllowed() {
        RoomRules rules = RoomRules.compile(PolicyBook.defaults(1, "r").setBannedTerms(List.of("fraud")).build());

        assertThat(new String(SendVerdict.judge(rules, MESSAGE).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
    }

    @Test
    void aCustomElementDescribedAsRoomsyncsNoticeCarriesTheMarker() {
        // Given a member's messages: a forged member notice after a text, a forged programme notice, and a description
        // longer than the evidence keeps
        GroupMessage notice = message(text("hi"), custom("{\"Desc\":\"roomsync.member.state\",\"Data\":\"{}\"}"));
        GroupMessage programme = message(custom("{\"Data\":\"{}\",\"Desc\":\"roomsync.programme\"}"));
        GroupMessage longOne = message(custom("{\"Desc\":\"roomsync." + "x".repeat(100) + "\"}"));

        // When each is looked at, Then the marker is the description, cut to 64 characters
        assertThat(SendVerdict.noticeMarker(notice)).isEqualTo("roomsync.member.state");
        assertThat(SendVerdict.noticeMarker(programme)).isEqualTo("roomsync.programme");
        assertThat(SendVerdict.noticeMarker(longOne)).isEqualTo("roomsync." + "x".repeat(55));
    }

    @Test
    void otherDescriptionsTextsAndUnreadableContentCarryNoMarker() {
        // Given a badge, a text that reads like a marker, a description "roomsync" without the dot, a numeric Desc and
        // content that is not JSON
        assertThat(SendVerdict.noticeMarker(MESSAGE)).isNull();
        assertThat(SendVerdict.noticeMarker(message(text("roomsync.member.state")))).isNull();
        assertThat(SendVerdict.noticeMarker(message(custom("{\"Desc\":\"roomsync\"}")))).isNull();
        assertThat(SendVerdict.noticeMarker(message(custom("{\"Desc\":7}")))).isNull();
        assertThat(SendVerdict.noticeMarker(message(custom("roomsync.member.state")))).isNull();
    }

    @Test
    void aForgedNoticeIsRefusedWithCodeOneAndCarriedAsARejectByTheNoticeRule() {
        // When a forged notice is refused, Then Tencent gets ErrorCode 1 (the sender sees 10016) and the event
        // carries a REJECT by roomsync-notice with the description as evidence and no policy revision
        assertThat(new String(SendVerdict.noticeRefusal(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":1,\"ErrorInfo\":\"roomsync notices come only from the app\"}");
        assertThat(SendVerdict.refusedNotice("roomsync.member.state"))
                .isEqualTo(new AnsweredVerdict(VerdictKind.REJECT, "roomsync-notice", "roomsync.member.state", null));
    }

    private static GroupMessage message(MessageElement... elements) {
        return GroupMessage.newBuilder().setFrom("mallory").setBody(List.of(elements)).build();
    }

    private static MessageElement text(String text) {
        return MessageElement.newBuilder().setType("TIMTextElem").setText(text).setContent("{\"Text\":\"" + text + "\"}").build();
    }

    private static MessageElement custom(String content) {
        return MessageElement.newBuilder().setType("TIMCustomElem").setContent(content).build();
    }
}
