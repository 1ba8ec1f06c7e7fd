package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.MessageElement;
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
}
