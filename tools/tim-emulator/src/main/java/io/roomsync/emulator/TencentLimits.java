package io.roomsync.emulator;

import java.nio.charset.StandardCharsets;

/**
 * Every per-call and per-room maximum the emulator enforces, as Tencent documents it (REST API reference of each
 * command; the figures are collected in the project's Tencent IM notes, section 3). Sizes are UTF-8 bytes, as
 * Tencent counts them, never Java chars. A request over a limit is refused whole with 10004 (bad parameter), a
 * message body with 80002, a group id with 10015; nothing of it is applied.
 */
final class TencentLimits {

    /** {@code forbid_send_msg}: {@code Members_Account} per call. */
    static final int MUTE_ACCOUNTS_PER_CALL = 500;
    /** {@code ban_group_member} and {@code unban_group_member}: {@code Members_Account} per call. */
    static final int BAN_ACCOUNTS_PER_CALL = 20;
    /** {@code modify_admin} (AVChatRoom): admins a live room holds. */
    static final int ADMINS_PER_LIVE_ROOM = 5;
    /** {@code group_msg_recall}: {@code MsgSeqList} per call. */
    static final int RECALLS_PER_CALL = 10;
    /** {@code group_msg_recall}: bytes of {@code Reason}. */
    static final int RECALL_REASON_BYTES = 100;
    /** {@code send_group_msg} and {@code openim/sendmsg}: bytes of the message body (80002 beyond; 12 KB today). */
    static final int MESSAGE_BODY_BYTES = 12 * 1024;
    /** {@code send_group_msg} {@code Random}, {@code openim/sendmsg} {@code MsgRandom}: a 32-bit unsigned integer. */
    static final long MAX_RANDOM = 4294967295L;
    /** {@code forbid_send_msg} {@code MuteTime} / {@code ShutUpTime}: seconds, 0 unmutes, this value mutes for ever. */
    static final long MUTE_FOREVER = 4294967295L;
    /** {@code create_group}: bytes of a custom {@code GroupId} (printable ASCII, not starting {@code @TGS#}). */
    static final int GROUP_ID_BYTES = 48;
    /** {@code create_group}: bytes of {@code Introduction}. */
    static final int INTRODUCTION_BYTES = 240;
    /** {@code create_group}: bytes of {@code Notification}. */
    static final int NOTIFICATION_BYTES = 300;
    /** Group attributes: keys a group holds. */
    static final int ATTRIBUTE_KEYS = 16;
    /** Group attributes: bytes of one key. */
    static final int ATTRIBUTE_KEY_BYTES = 32;
    /** Group attributes: bytes of one value. */
    static final int ATTRIBUTE_VALUE_BYTES = 4000;
    /** Group attributes: bytes of all of a group's keys and values together (16 KB). */
    static final int ATTRIBUTE_TOTAL_BYTES = 16 * 1024;
    /**
     * Group attributes: backend writes a second (10049 beyond), counted per app over all its groups: Tencent does not
     * say whether per group or per app; per app is the stricter reading, and the one roomsync budgets for.
     */
    static final int ATTRIBUTE_WRITES_PER_SECOND = 5;

    private TencentLimits() {
    }

    /** The UTF-8 length of {@code text}. */
    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Refuses {@code text} (10004) when longer than {@code max} bytes; null passes. */
    static void requireAtMost(String field, String text, int max) {
        if (text != null && bytes(text) > max) {
            throw TimError.badParameter(field + " is " + bytes(text) + " bytes; at most " + max);
        }
    }

    /** Refuses a list of {@code size} entries (10004) when it holds more than {@code max}. */
    static void requireAtMost(String field, int size, int max) {
        if (size > max) {
            throw TimError.badParameter(field + " takes at most " + max + " a call, got " + size);
        }
    }

    /** Refuses {@code value} (10004) unless it is a 32-bit unsigned integer. */
    static void requireUnsigned32(String field, long value) {
        if (value < 0 || value > MAX_RANDOM) {
            throw TimError.badParameter(field + " must be a 32-bit unsigned integer, got " + value);
        }
    }

    /** Refuses a message body (80002) longer than {@link #MESSAGE_BODY_BYTES}, measured as the JSON sent. */
    static void requireMessageBodyFits(String bodyJson) {
        int size = bytes(bodyJson);
        if (size > MESSAGE_BODY_BYTES) {
            throw new TimError(80002, "message body is " + size + " bytes; at most " + MESSAGE_BODY_BYTES);
        }
    }
}
