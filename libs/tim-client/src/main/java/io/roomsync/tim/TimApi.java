package io.roomsync.tim;

/**
 * The REST APIs roomsync calls, each with its service path and the per-call maximum of the list it takes (0 when the
 * API takes no list). Rate limiting, retry and circuit breaking are per API (and app).
 */
public enum TimApi {
    CREATE_GROUP("group_open_http_svc", "create_group", 0),
    DESTROY_GROUP("group_open_http_svc", "destroy_group", 0),
    GET_GROUP_INFO("group_open_http_svc", "get_group_info", 50),
    SEND_GROUP_MSG("group_open_http_svc", "send_group_msg", 0),
    /** Mute for a time (0 unmutes); at most 500 accounts a call. */
    FORBID_SEND_MSG("group_open_http_svc", "forbid_send_msg", 500),
    GET_GROUP_MUTED_ACCOUNT("group_open_http_svc", "get_group_muted_account", 0),
    /** AVChatRoom only; at most 20 accounts a call. */
    BAN_GROUP_MEMBER("group_open_http_svc", "ban_group_member", 20),
    UNBAN_GROUP_MEMBER("group_open_http_svc", "unban_group_member", 20),
    GET_GROUP_BAN_MEMBER("group_open_http_svc", "get_group_ban_member", 0),
    /** AVChatRoom only; a room has at most 5 admins, so no call needs more. */
    MODIFY_ADMIN("group_open_avchatroom_http_svc", "modify_admin", 5),
    GET_ADMIN_LIST("group_open_avchatroom_http_svc", "get_admin_list", 0),
    /** At most 10 messages a call. */
    GROUP_MSG_RECALL("group_open_http_svc", "group_msg_recall", 10),
    MODIFY_GROUP_ATTR("group_open_http_svc", "modify_group_attr", 0),
    GET_GROUP_ATTR("group_open_attr_http_svc", "get_group_attr", 0),
    /** One-to-one message. */
    SEND_C2C_MSG("openim", "sendmsg", 0);

    private final String service;
    private final String command;
    private final int batchMax;

    TimApi(String service, String command, int batchMax) {
        this.service = service;
        this.command = command;
        this.batchMax = batchMax;
    }

    public String service() {
        return service;
    }

    public String command() {
        return command;
    }

    /** {@code v4/<service>/<command>} */
    public String path() {
        return "v4/" + service + "/" + command;
    }

    public int batchMax() {
        return batchMax;
    }
}
