package io.roomsync.ingest.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * The callback commands roomsync knows (the catalogue of the Tencent reference, section 2), and whether each needs a
 * GroupId. Anything else is {@link #UNKNOWN} and travels as raw JSON.
 */
enum CallbackKind {
    BEFORE_SEND_MSG("Group.CallbackBeforeSendMsg", true),
    AFTER_SEND_MSG("Group.CallbackAfterSendMsg", true),
    SEND_MSG_EXCEPTION("Group.CallbackSendMsgException", true),
    AFTER_NEW_MEMBER_JOIN("Group.CallbackAfterNewMemberJoin", true),
    AFTER_MEMBER_EXIT("Group.CallbackAfterMemberExit", true),
    AFTER_MEMBER_FIELD_CHANGED("Group.CallbackAfterMemberFieldChanged", true),
    ON_MEMBER_STATE_CHANGE("Group.CallbackOnMemberStateChange", true),
    AFTER_GROUP_DESTROYED("Group.CallbackAfterGroupDestroyed", true),
    AFTER_GROUP_INFO_CHANGED("Group.CallbackAfterGroupInfoChanged", true),
    AFTER_RECALL_MSG("Group.CallbackAfterRecallMsg", true),
    BEFORE_APPLY_JOIN_GROUP("Group.CallbackBeforeApplyJoinGroup", true),
    BEFORE_INVITE_JOIN_GROUP("Group.CallbackBeforeInviteJoinGroup", true),
    /** Before creation the group has no id yet. */
    BEFORE_CREATE_GROUP("Group.CallbackBeforeCreateGroup", false),
    AFTER_CREATE_GROUP("Group.CallbackAfterCreateGroup", true),
    AFTER_GROUP_FULL("Group.CallbackAfterGroupFull", true),
    AFTER_GROUP_ATTR_CHANGED("Group.CallbackAfterGroupAttrChanged", true),
    AFTER_CHANGE_GROUP_OWNER("Group.CallbackAfterChangeGroupOwner", true),
    /** App-wide: a user's login state, no group. */
    STATE_CHANGE("State.StateChange", false),
    UNKNOWN(null, false);

    private static final Map<String, CallbackKind> BY_COMMAND = new HashMap<>();

    static {
        for (CallbackKind kind : values()) {
            if (kind.command != null) {
                BY_COMMAND.put(kind.command, kind);
            }
        }
    }

    private final String command;
    private final boolean needsGroup;

    CallbackKind(String command, boolean needsGroup) {
        this.command = command;
        this.needsGroup = needsGroup;
    }

    static CallbackKind of(String command) {
        return BY_COMMAND.getOrDefault(command, UNKNOWN);
    }

    /** The CallbackCommand, or null for UNKNOWN. */
    String command() {
        return command;
    }

    boolean needsGroup() {
        return needsGroup;
    }

    /** Whether Tencent waits for this callback's verdict (Before-callbacks, answered within 2 s, never retried). */
    boolean isBefore() {
        return command != null && command.contains(".CallbackBefore");
    }
}
