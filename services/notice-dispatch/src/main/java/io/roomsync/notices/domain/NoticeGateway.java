package io.roomsync.notices.domain;

import java.util.List;
import java.util.Map;

/** Where notices go: Tencent's custom messages and group attributes. */
public interface NoticeGateway {

    /** A room message (send_group_msg, TIMCustomElem) as the app admin. */
    void sendToRoom(long app, String room, long random, String data, String desc, String priority) throws Failed;

    /** One-to-one messages (openim/sendmsg) to each user. */
    void sendToUsers(long app, List<String> users, long random, String data, String desc) throws Failed;

    /** The room's snapshot attributes (modify_group_attr). */
    void writeSnapshot(long app, String room, Map<String, String> attributes) throws Failed;

    /** Tencent did not take it: {@code permanent} when retrying cannot help (the room is gone, say). */
    final class Failed extends Exception {
        private final int code;
        private final boolean permanent;

        public Failed(int code, String info, boolean permanent) {
            super(code + ": " + info, null, false, false);
            this.code = code;
            this.permanent = permanent;
        }

        public int code() {
            return code;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
