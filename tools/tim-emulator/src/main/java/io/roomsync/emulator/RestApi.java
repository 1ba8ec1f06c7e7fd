package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tencent's REST API v4: {@code POST /v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json}.
 * Checks in Tencent's order (the app and the UserSig, that the identifier is an app admin, the call rate, the JSON),
 * then the command; answers HTTP 200 with {@code ActionStatus}, {@code ErrorCode}, {@code ErrorInfo} for every
 * logical outcome.
 */
final class RestApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorConfig config;
    private final World world;
    private final Clock clock;
    private final UserSigVerifier verifier;
    private final ApiRate rate;
    final Map<String, AtomicLong> callsByApiAndCode = new ConcurrentHashMap<>();

    RestApi(EmulatorConfig config, World world, Clock clock) {
        this.config = config;
        this.world = world;
        this.clock = clock;
        this.verifier = new UserSigVerifier(config.apps());
        this.rate = new ApiRate(config.apiRatePerSecond(), config.appRatePerSecond());
    }

    /** The answer to one call; the service and command are the path after {@code /v4/}. */
    ObjectNode handle(String service, String command, Map<String, String> query, byte[] body) {
        ObjectNode answer;
        try {
            answer = dispatch(service, command, query, body);
            answer.put("ActionStatus", "OK").put("ErrorCode", 0).put("ErrorInfo", "");
        } catch (TimError e) {
            answer = JSON.createObjectNode().put("ActionStatus", "FAIL").put("ErrorCode", e.code).put("ErrorInfo", e.getMessage());
        }
        count(command, Integer.toString(answer.path("ErrorCode").asInt()));
        return answer;
    }

    /** Counts a call by command and outcome (an ErrorCode, or {@code dropped} for an injected lost connection). */
    void count(String command, String outcome) {
        callsByApiAndCode.computeIfAbsent(command + " " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** The most calls of each API admitted in any one second, app-wide: {@code command -> calls}. */
    Map<String, Integer> peaks() {
        return rate.peaks();
    }

    /** The call's app, after the checks that come before the command (UserSig, admin identifier, call rate). */
    private long authenticate(String command, Map<String, String> query) {
        long app;
        try {
            app = Long.parseLong(query.getOrDefault("sdkappid", ""));
        } catch (NumberFormatException e) {
            throw new TimError(70016, "sdkappid is missing or not a number");
        }
        String identifier = query.get("identifier");
        verifier.verify(app, identifier, query.get("usersig"), clock.instant().getEpochSecond());
        if (!config.apps().get(app).admins().contains(identifier)) {
            throw new TimError(60010, identifier + " is not an app admin; REST calls need an App admin identifier");
        }
        rate.admit(app, command, clock.millis());
        return app;
    }

    private ObjectNode dispatch(String service, String command, Map<String, String> query, byte[] body) {
        long app = authenticate(command, query);
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new TimError(60002, "the body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw new TimError(60002, "the body must be a JSON object");
        }
        ObjectNode answer = JSON.createObjectNode();
        switch (service + "/" + command) {
            case "group_open_http_svc/create_group" -> {
                TencentLimits.requireAtMost("Introduction", optionalText(request, "Introduction"), TencentLimits.INTRODUCTION_BYTES);
                TencentLimits.requireAtMost("Notification", optionalText(request, "Notification"), TencentLimits.NOTIFICATION_BYTES);
                answer.put("GroupId", world.createGroup(app, text(request, "Type"), optionalText(request, "GroupId"),
                        text(request, "Name"), optionalText(request, "Owner_Account")));
            }
            case "group_open_http_svc/destroy_group" -> world.destroyGroup(app, groupId(request));
            case "group_open_http_svc/get_group_info" -> answer.set("GroupInfo", groupInfo(app, request));
            case "group_open_http_svc/send_group_msg" -> sendGroupMessage(app, request, answer);
            case "group_open_http_svc/forbid_send_msg" -> world.mute(app, groupId(request), accounts(request, "Members_Account"),
                    request.has("MuteTime") ? number(request, "MuteTime") : number(request, "ShutUpTime"));
            case "group_open_http_svc/get_group_muted_account", "group_open_http_svc/get_group_shutted_uin" -> {
                boolean oldName = command.equals("get_group_shutted_uin");
                ArrayNode list = answer.putArray(oldName ? "ShuttedUinList" : "MutedAccountList");
                world.muted(app, groupId(request)).forEach((user, until) -> list.addObject()
                        .put("Member_Account", user).put(oldName ? "ShuttedUntil" : "MutedUntil", until));
                answer.put("GroupId", groupId(request));
            }
            case "group_open_http_svc/ban_group_member" -> world.ban(app, groupId(request), accounts(request, "Members_Account"),
                    number(request, "Duration"), optionalText(request, "Description"));
            case "group_open_http_svc/unban_group_member" -> world.unban(app, groupId(request), accounts(request, "Members_Account"));
            case "group_open_http_svc/get_group_ban_member" -> {
                int offset = (int) (request.has("Offset") ? number(request, "Offset") : 0);
                int limit = (int) (request.has("Limit") ? number(request, "Limit") : 100);
                List<Map.Entry<String, Room.Ban>> banned = world.banned(app, groupId(request));
                ArrayNode list = answer.putArray("BannedAccountList");
                banned.stream().skip(offset).limit(limit).forEach(entry -> list.addObject()
                        .put("Member_Account", entry.getKey()).put("BannedUntil", entry.getValue().until())
                        .put("Reason", entry.getValue().reason()));
            }
            case "group_open_avchatroom_http_svc/modify_admin" -> world.modifyAdmins(app, groupId(request),
                    (int) number(request, "CommandType"), accounts(request, "Admin_Account"));
            case "group_open_avchatroom_http_svc/get_admin_list" -> {
                ArrayNode list = answer.putArray("Admin_Account");
                world.admins(app, groupId(request)).forEach(list::add);
            }
            case "group_open_http_svc/group_msg_recall" -> {
                List<Long> seqs = new ArrayList<>();
                for (JsonNode entry : array(request, "MsgSeqList")) {
                    seqs.add(number(entry, "MsgSeq"));
                }
                if (seqs.isEmpty()) {
                    throw TimError.badParameter("MsgSeqList is empty");
                }
                TencentLimits.requireAtMost("MsgSeqList", seqs.size(), TencentLimits.RECALLS_PER_CALL);
                TencentLimits.requireAtMost("Reason", optionalText(request, "Reason"), TencentLimits.RECALL_REASON_BYTES);
                answer.set("RecallRetList", world.recall(app, groupId(request), seqs));
            }
            case "group_open_http_svc/delete_group_member" -> world.deleteMembers(app, groupId(request));
            case "group_open_http_svc/modify_group_attr" -> {
                Map<String, String> changes = new LinkedHashMap<>();
                for (JsonNode entry : array(request, "GroupAttr")) {
                    JsonNode value = entry.get("value");
                    if (value == null || !value.isTextual()) {
                        throw TimError.badParameter("GroupAttr value is required (a string)");
                    }
                    changes.put(text(entry, "key"), value.asText());
                }
                if (changes.isEmpty()) {
                    throw TimError.badParameter("GroupAttr is empty");
                }
                world.modifyAttributes(app, groupId(request), changes);
            }
            case "group_open_attr_http_svc/get_group_attr" -> {
                ArrayNode list = answer.putArray("GroupAttrAry");
                world.attributes(app, groupId(request)).forEach((k, v) -> list.addObject().put("key", k).put("value", v));
            }
            case "openim/sendmsg" -> {
                long random = number(request, "MsgRandom");
                TencentLimits.requireUnsigned32("MsgRandom", random);
                world.sendDirect(app, query.get("identifier"), text(request, "To_Account"), random, messageBody(request));
                answer.put("MsgTime", clock.instant().getEpochSecond());
            }
            default -> throw new TimError(10003, "unknown command " + service + "/" + command);
        }
        return answer;
    }

    private void sendGroupMessage(long app, JsonNode request, ObjectNode answer) {
        String priority = request.has("MsgPriority") ? text(request, "MsgPriority") : "Normal";
        if (!List.of("High", "Normal", "Low").contains(priority)) {
            throw TimError.badParameter("MsgPriority must be High, Normal or Low (case-sensitive), got " + priority);
        }
        long random = number(request, "Random");
        TencentLimits.requireUnsigned32("Random", random);
        JsonNode body = messageBody(request);
        boolean forbidBefore = false;
        boolean forbidAfter = false;
        for (JsonNode control : request.path("ForbidCallbackControl")) {
            forbidBefore |= "ForbidBeforeSendMsgCallback".equals(control.asText());
            forbidAfter |= "ForbidAfterSendMsgCallback".equals(control.asText());
        }
        String from = request.has("From_Account") ? text(request, "From_Account") : "administrator";
        World.Sent sent = world.sendGroupMessage(app, groupId(request), from, random, priority, body,
                optionalText(request, "CloudCustomData"), false, forbidBefore, forbidAfter);
        answer.put("MsgTime", sent.msgTime()).put("MsgSeq", sent.msgSeq());
        if (sent.dropReason() != null) {
            answer.put("MsgDropReason", sent.dropReason());
        }
    }

    /** A message's {@code MsgBody}: a non-empty array within Tencent's size (80002 beyond). */
    private static JsonNode messageBody(JsonNode request) {
        JsonNode body = array(request, "MsgBody");
        if (body.isEmpty()) {
            throw TimError.badParameter("MsgBody is empty");
        }
        TencentLimits.requireMessageBodyFits(body.toString());
        return body;
    }

    private ArrayNode groupInfo(long app, JsonNode request) {
        ArrayNode infos = JSON.createArrayNode();
        for (JsonNode id : array(request, "GroupIdList")) {
            ObjectNode info = infos.addObject().put("GroupId", id.asText());
            try {
                world.inRoom(app, id.asText(), room -> info.put("ErrorCode", 0).put("Type", room.type).put("Name", room.name)
                        .put("Owner_Account", room.owner == null ? "" : room.owner)
                        .put("CreateTime", room.createdSeconds).put("MemberNum", room.members.size())
                        .put("MuteAllMember", "Off").put("NextMsgSeq", room.nextSeq));
            } catch (TimError e) {
                info.put("ErrorCode", e.code).put("ErrorInfo", e.getMessage());
            }
        }
        return infos;
    }

    private static String groupId(JsonNode request) {
        String id = text(request, "GroupId");
        if (!World.validGroupId(id)) {
            throw new TimError(10015, "invalid GroupId");
        }
        return id;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw TimError.badParameter(field + " is required (a string)");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static long number(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.canConvertToLong()) {
            throw TimError.badParameter(field + " is required (an integer)");
        }
        return node.asLong();
    }

    private static JsonNode array(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isArray()) {
            throw TimError.badParameter(field + " is required (an array)");
        }
        return node;
    }

    private static List<String> accounts(JsonNode request, String field) {
        List<String> accounts = new ArrayList<>();
        for (JsonNode account : array(request, field)) {
            if (!account.isTextual() || account.asText().isEmpty()) {
                throw TimError.badParameter(field + " must hold account strings");
            }
            accounts.add(account.asText());
        }
        if (accounts.isEmpty()) {
            throw TimError.badParameter(field + " is empty");
        }
        return accounts;
    }
}
