package io.roomsync.tim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a message body: its {@code MsgType} and {@code MsgContent} fields.
 *
 * <p>The fields go on the wire in the order given, the same in every process: Tencent drops a message sent again only
 * when its Random and its content repeat, so a resend from a restarted service must be the same bytes. ({@code Map.of}
 * iterates in an order chosen anew by each JVM: a custom element built with it came out as {@code Data, Desc, Ext} in
 * one process and {@code Ext, Data, Desc} in the next.)
 *
 * @param type    e.g. TIMTextElem, TIMCustomElem
 * @param content the fields of MsgContent (strings or numbers), in wire order
 */
public record MessageElement(String type, Map<String, Object> content) {

    public MessageElement {
        content.forEach((field, value) -> Objects.requireNonNull(value, field));
        content = Collections.unmodifiableMap(new LinkedHashMap<>(content));
    }

    public static MessageElement text(String text) {
        return new MessageElement("TIMTextElem", Map.of("Text", text));
    }

    /** A custom element: clients get {@code Data} as {@code payload.data}, {@code Desc} as {@code payload.description}. */
    public static MessageElement custom(String data, String desc) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("Data", data);
        content.put("Desc", desc == null ? "" : desc);
        content.put("Ext", "");
        return new MessageElement("TIMCustomElem", content);
    }
}
