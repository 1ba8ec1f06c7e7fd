package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message body is the same bytes in every process, so Tencent recognises a resend (same Random and content). */
class MessageElementTest {

    @Test
    void aCustomElementGoesOutAsDataDescExtInThatOrder() {
        // Given a custom element, as notice-dispatch builds one
        MessageElement notice = MessageElement.custom("{\"type\":\"member.state\"}", "roomsync.member.state");

        // When it is written as Tencent's MsgBody
        String body = TimClient.elements(List.of(notice)).toString();

        // Then its fields come in the documented order, whatever order this JVM's Map.of would iterate in
        assertThat(body).isEqualTo("[{\"MsgType\":\"TIMCustomElem\",\"MsgContent\":"
                + "{\"Data\":\"{\\\"type\\\":\\\"member.state\\\"}\",\"Desc\":\"roomsync.member.state\",\"Ext\":\"\"}}]");
    }

    @Test
    void fieldsKeepTheOrderTheyWereGivenIn() {
        // Given fields in an order that is not alphabetical
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("Text", "hello");
        content.put("Index", 3);
        content.put("Data", "x");

        // When they make an element and its body
        String body = TimClient.elements(List.of(new MessageElement("TIMFaceElem", content))).toString();

        // Then the wire keeps that order
        assertThat(body).isEqualTo("[{\"MsgType\":\"TIMFaceElem\",\"MsgContent\":{\"Text\":\"hello\",\"Index\":3,\"Data\":\"x\"}}]");
    }

    @Test
    void aFieldWithoutAValueIsRefused() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("Text", null);

        assertThatThrownBy(() -> new MessageElement("TIMTextElem", content))
                .isInstanceOf(NullPointerException.class).hasMessage("Text");
    }
}
