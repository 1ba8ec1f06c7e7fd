package io.roomsync.tim;

import java.util.List;
import java.util.Objects;

/**
 * A message for {@code send_group_msg}.
 *
 * @param groupId           the room
 * @param random            Tencent's {@code Random}: the same random and content within 5 minutes is delivered once,
 *                          so a retried send must reuse it (derive it from the message's own id)
 * @param fromAccount       sender to show (null: the app admin)
 * @param priority          {@code High}, {@code Normal} or {@code Low}: over 40 messages/s a room keeps the higher first
 * @param elements          the message body
 * @param forbidBeforeCallback ask Tencent not to call our Before-send callback for it
 * @param forbidAfterCallback  ask Tencent not to call our After-send callback for it
 */
public record GroupMessageRequest(String groupId, long random, String fromAccount, Priority priority,
                                  List<MessageElement> elements, boolean forbidBeforeCallback,
                                  boolean forbidAfterCallback) {

    /** Tencent's MsgPriority (case-sensitive on the wire). */
    public enum Priority {
        HIGH("High"), NORMAL("Normal"), LOW("Low");

        private final String wire;

        Priority(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public GroupMessageRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(priority, "priority");
        if (random < 0 || random > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("random must be a 32-bit unsigned number");
        }
        if (elements == null || elements.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one element");
        }
        elements = List.copyOf(elements);
    }

    /** A {@code TIMCustomElem} message: {@code data} is what clients receive in {@code payload.data}. */
    public static GroupMessageRequest custom(String groupId, long random, Priority priority, String data, String desc) {
        return new GroupMessageRequest(groupId, random, null, priority, List.of(MessageElement.custom(data, desc)), true, false);
    }
}
