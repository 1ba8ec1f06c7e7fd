package io.roomsync.ingest.domain;

import static io.roomsync.ingest.domain.JsonFields.accounts;
import static io.roomsync.ingest.domain.JsonFields.array;
import static io.roomsync.ingest.domain.JsonFields.intNumber;
import static io.roomsync.ingest.domain.JsonFields.member;
import static io.roomsync.ingest.domain.JsonFields.number;
import static io.roomsync.ingest.domain.JsonFields.object;
import static io.roomsync.ingest.domain.JsonFields.requiredMember;
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
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the body of a checked callback into its {@link ImEvent}: each command of the reference catalogue into its
 * typed payload, any other command into a {@link RawCallback} that keeps the body whole. Parsing is lenient (unknown
 * fields ignored, numbers as strings, {@code Member_Account} or {@code Modified_Account}); it refuses a body that is
 * not strict UTF-8 holding one JSON object within the limits below, a missing or contradictory command, a group
 * callback without a valid GroupId, a field the payload cannot do without, a number not in ASCII digits or beyond
 * 64 bits, and a member id Tencent would never send. The README's "Callback errors" lists each with its answer.
 */
public final class CallbackParser {

    /** Deepest nesting of objects and arrays read; Tencent's callbacks nest at most 4 deep. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest number literal, in characters; a 64-bit integer has at most 20. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest string value, in characters: the body limit's default (64 KB), so only the body limit binds. */
    public static final int MAX_STRING_LENGTH = 65_536;
    /** Longest field name, in characters; Tencent's are under 32. */
    public static final int MAX_NAME_LENGTH = 1_024;

    /** Longest CallbackCommand, in characters; Tencent's are under 40. */
    public static final int MAX_COMMAND_LENGTH = 128;

    private static final String JSON_LIMITS = "nesting depth " + MAX_NESTING_DEPTH + ", number " + MAX_NUMBER_LENGTH
            + " characters, string " + MAX_STRING_LENGTH + " characters, field name " + MAX_NAME_LENGTH + " characters";

    /**
     * Strict JSON: explicit size limits (Jackson's defaults are far larger than a callback needs), a field named twice
     * in one object refused rather than the last one winning, and nothing allowed after the object.
     */
    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The command as a metric tag: known commands by name, anything else as {@code other}, to bound cardinality. */
    public static String commandTag(String command) {
        return CallbackKind.of(command) == CallbackKind.UNKNOWN ? "other" : command;
    }

    /**
     * The event of a checked callback, or the refusal: {@code malformed-json} when the body is not well-formed UTF-8
     * (checked first, see {@link StrictUtf8}), not one JSON object within the limits above, names a field twice, or
     * escapes a lone surrogate; then the command, the group and the payload's fields.
     */
    public Intake parse(Callback callback) {
        // Jackson detects UTF-16 and UTF-32 by their zero bytes and would read them; RFC 8259 allows only UTF-8 between
        // systems. A raw NUL is valid UTF-8 but never valid JSON (control characters are escaped in strings), and
        // every JSON object in UTF-16 or UTF-32 has one (its '{'), so refusing NUL bytes refuses those encodings.
        OptionalInt badByte = StrictUtf8.firstMalformedByte(callback.body());
        if (badByte.isPresent()) {
            return new Intake.Refused(Rejection.MALFORMED_JSON, "request body is not valid UTF-8 (byte " + badByte.getAsInt() + ")");
        }
        int nul = indexOfNul(callback.body());
        if (nul >= 0) {
            return new Intake.Refused(Rejection.MALFORMED_JSON, "request body has a NUL byte (byte " + nul
                    + "): JSON text is UTF-8, never UTF-16 or UTF-32");
        }
        JsonNode body;
        try {
            body = json.readTree(callback.body());
        } catch (StreamConstraintsException e) {
            return new Intake.Refused(Rejection.MALFORMED_JSON, "request body exceeds a JSON limit (" + JSON_LIMITS + ")");
        } catch (JacksonException e) {
            // Jackson's message may quote the body; the reply and the log never do.
            return new Intake.Refused(Rejection.MALFORMED_JSON, isDuplicate(e)
                    ? "request body names a field twice in one object" : "request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return new Intake.Refused(Rejection.MALFORMED_JSON);
        }
        if (hasLoneSurrogate(body)) {
            return new Intake.Refused(Rejection.MALFORMED_JSON, "request body escapes a lone surrogate (not Unicode text)");
        }
        try {
            return accept(callback, body);
        } catch (JsonFields.BadField e) {
            return new Intake.Refused(Rejection.INVALID_PAYLOAD, e.getMessage());
        }
    }

    private static boolean isDuplicate(JacksonException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate Object property");
    }

    /** Whether a name or a string anywhere in {@code node} holds an unpaired surrogate (depth bounded by the limit). */
    private static boolean hasLoneSurrogate(JsonNode node) {
        if (node.isString()) {
            return StrictUtf8.hasLoneSurrogate(node.stringValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (StrictUtf8.hasLoneSurrogate(field.getKey()) || hasLoneSurrogate(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasLoneSurrogate(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Intake accept(Callback callback, JsonNode body) {
        String bodyCommand = blankToNull(text(body, "CallbackCommand"));
        String queryCommand = blankToNull(callback.command());
        if (bodyCommand == null && queryCommand == null) {
            return new Intake.Refused(Rejection.MISSING_COMMAND);
        }
        if (!isCommand(bodyCommand) || !isCommand(queryCommand)) {
            return new Intake.Refused(Rejection.INVALID_PAYLOAD, "CallbackCommand must be 1-" + MAX_COMMAND_LENGTH
                    + " characters of printable ASCII without space");
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
                .setId(EventIds.of(app, command, callback.body(), callback.requestTime()))
                .setSdkAppId(app)
                .setCommand(command)
                .setRoom(room)
                .setGroupType(text(body, "Type"))
                .setOperator(member(body, "Operator_Account"))
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
            case AFTER_GROUP_DESTROYED -> new GroupDestroyed(member(body, "Owner_Account"), text(body, "Name"), accounts(body, "MemberList"));
            case AFTER_GROUP_INFO_CHANGED -> new GroupInfoChanged(text(body, "Name"), text(body, "Introduction"),
                    text(body, "Notification"), text(body, "FaceUrl"));
            case AFTER_RECALL_MSG -> new MessagesRecalled(msgSeqs(body), text(body, "TopicId"));
            case BEFORE_APPLY_JOIN_GROUP -> new JoinRequested(requiredMember(body, "Requestor_Account"));
            case BEFORE_INVITE_JOIN_GROUP -> new MembersInvited(body.has("DestinationMembers")
                    ? accounts(body, "DestinationMembers") : accounts(body, "MemberList"));
            case BEFORE_CREATE_GROUP, AFTER_CREATE_GROUP -> new GroupCreated(member(body, "Owner_Account"), text(body, "Name"),
                    accounts(body, "MemberList"));
            case AFTER_GROUP_FULL -> new GroupFull();
            case AFTER_GROUP_ATTR_CHANGED -> new GroupAttributesChanged(text(body, "OptionType"), attributes(body));
            case AFTER_CHANGE_GROUP_OWNER -> new OwnerChanged(member(body, "NewOwner_Account"));
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
        Integer errorCode = exception ? intNumber(body, "ErrorCode") : null;
        return GroupMessage.newBuilder()
                .setFrom(member(body, "From_Account"))
                .setRandom(number(body, "Random"))
                .setMsgSeq(number(body, "MsgSeq"))
                .setMsgTime(number(body, "MsgTime"))
                .setMsgId(text(body, "MsgId"))
                .setOnlineOnly(onlineOnly != null && onlineOnly == 1)
                .setTopicId(text(body, "TopicId"))
                .setCloudCustomData(text(body, "CloudCustomData"))
                .setBody(elements)
                .setFailure(errorCode == null ? null : new SendFailure(errorCode, text(body, "ErrorInfo")))
                .build();
    }

    /** Tencent's page says Member_Account; its Chinese page and the doocs SDK say Modified_Account. */
    private static String memberOfFieldChange(JsonNode body) {
        String member = member(body, "Member_Account");
        return member != null ? member : requiredMember(body, "Modified_Account");
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
        return new UserStateChanged(requiredMember(info, "To_Account"), requiredText(info, "Action"),
                text(info, "Reason"), kicked);
    }

    /**
     * Absent, or shaped as Tencent's commands are ({@code Group.CallbackAfterSendMsg}): printable ASCII without space.
     * The event id hashes the command and the body apart with a line break, which a command therefore cannot hold.
     */
    private static boolean isCommand(String command) {
        if (command == null) {
            return true;
        }
        if (command.length() > MAX_COMMAND_LENGTH) {
            return false;
        }
        for (int i = 0; i < command.length(); i++) {
            if (command.charAt(i) <= ' ' || command.charAt(i) > '~') {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int indexOfNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
