package io.roomsync.ingest.domain;

import static io.roomsync.ingest.domain.JsonFields.accounts;
import static io.roomsync.ingest.domain.JsonFields.array;
import static io.roomsync.ingest.domain.JsonFields.number;
import static io.roomsync.ingest.domain.JsonFields.object;
import static io.roomsync.ingest.domain.JsonFields.requiredText;
import static io.roomsync.ingest.domain.JsonFields.text;

import io.roomsync.contract.EventIds;
import io.roomsync.contract.Ids;
import io.roomsync.contract.im.GroupAttributesChanged;
import io.roomsync.contract.im.GroupCreated;
import io.roomsync.contract.im.GroupDestroyed;
import io.roomsync.contract.im.GroupFull;
import io.roomsync.contract.im.GroupInfoChanged;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.JoinRequested;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersInvited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.MessagesRecalled;
import io.roomsync.contract.im.OwnerChanged;
import io.roomsync.contract.im.RawCallback;
import io.roomsync.contract.im.SendFailure;
import io.roomsync.contract.im.UserStateChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the body of a checked callback into its {@link ImEvent}: each command of the reference catalogue into its
 * typed payload, any other command into a {@link RawCallback} that keeps the body whole. Parsing is lenient (unknown
 * fields ignored, numbers as strings, {@code Member_Account} or {@code Modified_Account}); it refuses only a body that
 * is not a JSON object, a missing or contradictory command, a group callback without a valid GroupId, and a field
 * the payload cannot do without.
 */
public final class CallbackParser {

    private final ObjectMapper json = JsonMapper.builder().build();

    /** The command as a metric tag: known commands by name, anything else as {@code other}, to bound cardinality. */
    public static String commandTag(String command) {
        return CallbackKind.of(command) == CallbackKind.UNKNOWN ? "other" : command;
    }

    public Intake parse(Callback callback) {
        JsonNode body;
        try {
            body = json.readTree(callback.body());
        } catch (JacksonException e) {
            return new Intake.Refused(Rejection.MALFORMED_JSON, "request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return new Intake.Refused(Rejection.MALFORMED_JSON);
        }
        try {
            return accept(callback, body);
        } catch (JsonFields.BadField e) {
            return new Intake.Refused(Rejection.INVALID_PAYLOAD, e.getMessage());
        }
    }

    private Intake accept(Callback callback, JsonNode body) {
        String bodyCommand = text(body, "CallbackCommand");
        String queryCommand = blankToNull(callback.command());
        if (bodyCommand == null && queryCommand == null) {
            return new Intake.Refused(Rejection.MISSING_COMMAND);
        }
        if (bodyCommand != null && queryCommand != null && !bodyCommand.equals(queryCommand)) {
            return new Intake.Refused(Rejection.COMMAND_MISMATCH,
                    "CallbackCommand is " + queryCommand + " in the query but " + bodyCommand + " in the body");
        }
        String command = bodyCommand != null ? bodyCommand : queryCommand;
        CallbackKind kind = CallbackKind.of(command);

        String room = text(body, "GroupId");
        if ((room != null || kind.needsGroup()) && !Ids.isValidGroupId(room)) {
            return new Intake.Refused(Rejection.INVALID_GROUP_ID,
                    room == null ? command + " needs a GroupId" : Rejection.INVALID_GROUP_ID.description());
        }
        long app = CallbackCheck.app(callback);
        Object payload = payload(kind, body);
        Long eventTime = number(body, "EventTime");
        ImEvent event = ImEvent.newBuilder()
                .setId(EventIds.of(app, command, callback.body()))
                .setSdkAppId(app)
                .setCommand(command)
                .setRoom(room)
                .setGroupType(text(body, "Type"))
                .setOperator(text(body, "Operator_Account"))
                .setEventTime(eventTime == null ? null : Instant.ofEpochMilli(eventTime))
                .setReceivedAt(callback.receivedAt())
                .setClientIp(blankToNull(callback.clientIp()))
                .setPlatform(Platforms.normalise(callback.optPlatform()))
                .setPayload(payload)
                .build();
        return new Intake.Accepted(key(event, body, command), event);
    }

    /**
     * The record key: the group id, so a room's events stay in order on one partition. App-wide callbacks have no
     * group: State.StateChange is keyed by its user, anything else by its operator, or else its command.
     */
    private static String key(ImEvent event, JsonNode body, String command) {
        if (event.getRoom() != null) {
            return event.getRoom();
        }
        if (event.getPayload() instanceof UserStateChanged state) {
            return state.getUser();
        }
        return event.getOperator() != null ? event.getOperator() : command;
    }

    private Object payload(CallbackKind kind, JsonNode body) {
        return switch (kind) {
            case BEFORE_SEND_MSG, AFTER_SEND_MSG, SEND_MSG_EXCEPTION -> groupMessage(body, kind == CallbackKind.SEND_MSG_EXCEPTION);
            case AFTER_NEW_MEMBER_JOIN -> new MembersJoined(text(body, "JoinType"), accounts(body, "NewMemberList"));
            case AFTER_MEMBER_EXIT -> new MembersExited(text(body, "ExitType"), accounts(body, "ExitMemberList"));
            case AFTER_MEMBER_FIELD_CHANGED -> new MemberFieldChanged(memberOfFieldChange(body), text(body, "Role"), text(body, "NameCard"));
            case ON_MEMBER_STATE_CHANGE -> new MembersOnlineStateChanged(requiredText(body, "EventType"),
                    text(body, "EventCause"), accounts(body, "MemberList"));
            case AFTER_GROUP_DESTROYED -> new GroupDestroyed(text(body, "Owner_Account"), text(body, "Name"), accounts(body, "MemberList"));
            case AFTER_GROUP_INFO_CHANGED -> new GroupInfoChanged(text(body, "Name"), text(body, "Introduction"),
                    text(body, "Notification"), text(body, "FaceUrl"));
            case AFTER_RECALL_MSG -> new MessagesRecalled(msgSeqs(body), text(body, "TopicId"));
            case BEFORE_APPLY_JOIN_GROUP -> new JoinRequested(requiredText(body, "Requestor_Account"));
            case BEFORE_INVITE_JOIN_GROUP -> new MembersInvited(body.has("DestinationMembers")
                    ? accounts(body, "DestinationMembers") : accounts(body, "MemberList"));
            case BEFORE_CREATE_GROUP, AFTER_CREATE_GROUP -> new GroupCreated(text(body, "Owner_Account"), text(body, "Name"),
                    accounts(body, "MemberList"));
            case AFTER_GROUP_FULL -> new GroupFull();
            case AFTER_GROUP_ATTR_CHANGED -> new GroupAttributesChanged(text(body, "OptionType"), attributes(body));
            case AFTER_CHANGE_GROUP_OWNER -> new OwnerChanged(text(body, "NewOwner_Account"));
            case STATE_CHANGE -> userState(body);
            case UNKNOWN -> new RawCallback(body.toString());
        };
    }

    private static GroupMessage groupMessage(JsonNode body, boolean exception) {
        List<MessageElement> elements = new ArrayList<>();
        for (JsonNode element : array(body, "MsgBody")) {
            if (!element.isObject()) {
                throw new JsonFields.BadField("MsgBody[]", "an object");
            }
            JsonNode content = element.get("MsgContent");
            String text = content != null && content.isObject() ? text(content, "Text") : null;
            elements.add(new MessageElement(requiredText(element, "MsgType"), text,
                    content == null ? "{}" : content.toString()));
        }
        Long onlineOnly = number(body, "OnlineOnlyFlag");
        Long errorCode = exception ? number(body, "ErrorCode") : null;
        return GroupMessage.newBuilder()
                .setFrom(text(body, "From_Account"))
                .setRandom(number(body, "Random"))
                .setMsgSeq(number(body, "MsgSeq"))
                .setMsgTime(number(body, "MsgTime"))
                .setMsgId(text(body, "MsgId"))
                .setOnlineOnly(onlineOnly != null && onlineOnly == 1)
                .setTopicId(text(body, "TopicId"))
                .setCloudCustomData(text(body, "CloudCustomData"))
                .setBody(elements)
                .setFailure(errorCode == null ? null : new SendFailure(errorCode.intValue(), text(body, "ErrorInfo")))
                .build();
    }

    /** Tencent's page says Member_Account; its Chinese page and the doocs SDK say Modified_Account. */
    private static String memberOfFieldChange(JsonNode body) {
        String member = text(body, "Member_Account");
        return member != null ? member : requiredText(body, "Modified_Account");
    }

    private static List<Long> msgSeqs(JsonNode body) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode element : array(body, "MsgSeqList")) {
            Long seq = element.isObject() ? number(element, "MsgSeq") : null;
            if (seq == null) {
                throw new JsonFields.BadField("MsgSeqList[].MsgSeq", "an integer");
            }
            seqs.add(seq);
        }
        return seqs;
    }

    private static Map<String, String> attributes(JsonNode body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode element : array(body, "GroupAttr")) {
            attributes.put(requiredText(element, "key"), text(element, "value") == null ? "" : text(element, "value"));
        }
        return attributes;
    }

    private static UserStateChanged userState(JsonNode body) {
        JsonNode info = object(body, "Info");
        if (info == null) {
            throw new JsonFields.BadField("Info", "present");
        }
        List<String> kicked = new ArrayList<>();
        for (JsonNode device : array(body, "KickedDevice")) {
            String platform = device.isObject() ? text(device, "Platform") : null;
            if (platform != null) {
                kicked.add(Platforms.normalise(platform));
            }
        }
        return new UserStateChanged(requiredText(info, "To_Account"), requiredText(info, "Action"),
                text(info, "Reason"), kicked);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
