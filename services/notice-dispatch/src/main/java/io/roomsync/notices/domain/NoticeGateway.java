package io.roomsync.notices.domain;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where notices go: Tencent's custom messages and group attributes. Every call returns at once; the stage completes
 * on the gateway's own threads when Tencent answered, normally when Tencent took it, exceptionally with {@link Failed}
 * (possibly wrapped in a {@link java.util.concurrent.CompletionException}) when it did not after the client's own
 * retries. Dependent stages run on those threads, so what the dispatcher chains to a stage only hands the outcome over
 * ({@link Dispatcher}); it never touches the stores there.
 */
public interface NoticeGateway {

    /** A room message (send_group_msg, TIMCustomElem) as the app admin. */
    CompletionStage<Void> sendToRoom(long app, String room, long random, String data, String desc, String priority);

    /** One-to-one messages (openim/sendmsg) to each user, one after the other; fails at the first user that fails. */
    CompletionStage<Void> sendToUsers(long app, List<String> users, long random, String data, String desc);

    /** The room's snapshot attributes (modify_group_attr). */
    CompletionStage<Void> writeSnapshot(long app, String room, Map<String, String> attributes);

    /**
     * Whether the app's budget of group attribute writes (Tencent's 5 a second per app, this replica's share of it,
     * shared by every task of the process) has a write free now. A snapshot is started only then, so it never queues
     * behind the budget while holding its room's turn. By default always.
     */
    default boolean snapshotPermitted(long app) {
        return true;
    }

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
