package io.roomsync.tim;

import java.time.Instant;

/** What Tencent answers to the commands that return something. */
public final class TimResults {

    private TimResults() {
    }

    /** {@code send_group_msg}: where the message went in the room's sequence. */
    public record SentMessage(long msgSeq, long msgTime) {
    }

    /** {@code get_group_muted_account}: a muted member and until when. */
    public record MutedMember(String account, Instant mutedUntil) {
    }

    /** {@code get_group_ban_member}: a banned member, until when, and why. */
    public record BannedMember(String account, Instant bannedUntil, String reason) {
    }

    /** {@code group_msg_recall}: one message's outcome (0: recalled). */
    public record Recall(long msgSeq, int retCode) {
    }

    /** {@code get_group_info}: what roomsync uses of a group; {@code errorCode} non-zero when that group failed. */
    public record GroupInfo(String groupId, int errorCode, String type, String name, String ownerAccount,
                            long memberNum, boolean muteAllMembers) {
    }
}
