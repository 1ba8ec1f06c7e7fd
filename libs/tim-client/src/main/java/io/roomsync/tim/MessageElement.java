package io.roomsync.tim;

import java.util.Map;

/**
 * One element of a message body: its {@code MsgType} and {@code MsgContent} fields.
 *
 * @param type    e.g. TIMTextElem, TIMCustomElem
 * @param content the fields of MsgContent (strings or numbers)
 */
public record MessageElement(String type, Map<String, Object> content) {

    public MessageElement {
        content = Map.copyOf(content);
    }

    public static MessageElement text(String text) {
        return new MessageElement("TIMTextElem", Map.of("Text", text));
    }

    /** A custom element: clients get {@code Data} as {@code payload.data}, {@code Desc} as {@code payload.description}. */
    public static MessageElement custom(String data, String desc) {
        return new MessageElement("TIMCustomElem", Map.of("Data", data, "Desc", desc == null ? "" : desc, "Ext", ""));
    }
}
