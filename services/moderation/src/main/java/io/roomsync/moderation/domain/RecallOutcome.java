package io.roomsync.moderation.domain;

/**
 * What one message's recall came to, from the {@code RetCode} Tencent answers for it in {@code group_msg_recall}'s
 * {@code RecallRetList} (REST API "Recalling group messages"): the {@code outcome} tag of
 * {@code roomsync_moderation_recalls_total}.
 */
public final class RecallOutcome {

    /**
     * The message was already recalled: what a retry gets after a call that timed out but was applied (the code the
     * emulator answers for it; Tencent's page lists per-message codes without this case's wording, so keep the two in
     * step when a real answer says otherwise).
     */
    public static final int ALREADY_RECALLED = 10031;

    private RecallOutcome() {
    }

    /**
     * {@code recalled} for 0 and for {@link #ALREADY_RECALLED} (either way the message is gone, which is what
     * moderation asked), {@code refused} for any other code (say 10030, no such message).
     */
    public static String of(int retCode) {
        return retCode == 0 || retCode == ALREADY_RECALLED ? "recalled" : "refused";
    }
}
