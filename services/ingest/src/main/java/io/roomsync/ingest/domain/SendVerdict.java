package io.roomsync.ingest.domain;

import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.moderation.rules.ContentVerdict;
import io.roomsync.moderation.rules.RoomRules;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to {@code Group.CallbackBeforeSendMsg} (reference, sections 1.4-1.5): each text element is judged by the
 * room's rules and the most severe verdict decides the message. Allow answers code 0; mask answers code 0 with the
 * whole {@code MsgBody} again, texts masked and other elements as sent; reject answers the room's code
 * (10100-10200, shown to the sender); drop answers 2 (the sender is told it was sent, nobody receives it).
 */
public final class SendVerdict {

    /** The callback this verdict answers. */
    public static final String COMMAND = "Group.CallbackBeforeSendMsg";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final byte[] ALLOW = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * The description prefix of roomsync's own room messages ({@code roomsync.member.state}, {@code roomsync.programme};
     * docs/notice-protocol.md), reserved for the app admin that notice-dispatch sends as.
     */
    public static final String NOTICE_MARKER = "roomsync.";
    /** The rule (metric tag, carried verdict) of a client's message refused for carrying {@link #NOTICE_MARKER}. */
    public static final String NOTICE_RULE = "roomsync-notice";
    /** The longest part of a forged description kept as evidence. */
    private static final int EVIDENCE_CHARS = 64;
    /**
     * Tencent's answer refusing a forged notice: ErrorCode 1, the sender gets 10016 and nobody receives it (reference,
     * section 1.4); no room code, since no room's policy decided it.
     */
    private static final byte[] REFUSE_NOTICE = "{\"ActionStatus\":\"OK\",\"ErrorCode\":1,\"ErrorInfo\":\"roomsync notices come only from the app\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * The verdict and Tencent's answer to it.
     *
     * @param verdict        the most severe verdict of the message's texts
     * @param body           Tencent's answer, UTF-8 JSON
     * @param policyRevision the revision of the room's policy that judged
     */
    public record Answer(ContentVerdict verdict, byte[] body, long policyRevision) {

        /** What the event carries for the audit: the verdict's kind, rule and evidence (null when allowed), the revision. */
        public AnsweredVerdict carried() {
            boolean allowed = verdict.allowed();
            return new AnsweredVerdict(kindOf(verdict.kind()), allowed ? null : verdict.rule(), allowed ? null : verdict.evidence(),
                    policyRevision);
        }
    }

    private SendVerdict() {
    }

    /** Judges {@code message} by the room's {@code rules}: the verdict, Tencent's answer, the revision that decided. */
    public static Answer judge(RoomRules rules, GroupMessage message) {
        ContentVerdict worst = ContentVerdict.ALLOW;
        List<String> masked = new ArrayList<>();
        for (MessageElement element : message.getBody()) {
            ContentVerdict verdict = element.getText() == null ? ContentVerdict.ALLOW : rules.judge(element.getText());
            masked.add(verdict.kind() == ContentVerdict.Kind.MASK ? verdict.masked() : element.getText());
            worst = worst.worse(verdict);
        }
        if (worst.allowed()) {
            return new Answer(worst, ALLOW.clone(), rules.revision());
        }
        ObjectNode answer = JSON.createObjectNode().put("ActionStatus", "OK");
        switch (worst.kind()) {
            case REJECT, DROP -> answer.put("ErrorCode", worst.code()).put("ErrorInfo", worst.info());
            case MASK -> {
                answer.put("ErrorCode", 0).put("ErrorInfo", "");
                ArrayNode body = answer.putArray("MsgBody");
                for (int i = 0; i < message.getBody().size(); i++) {
                    MessageElement element = message.getBody().get(i);
                    ObjectNode out = body.addObject().put("MsgType", element.getType());
                    JsonNode content = JSON.readTree(element.getContent());
                    ObjectNode copy = content.isObject() ? ((ObjectNode) content).deepCopy() : JSON.createObjectNode();
                    if (element.getText() != null) {
                        copy.put("Text", masked.get(i));
                    }
                    out.set("MsgContent", copy);
                }
            }
        }
        return new Answer(worst, JSON.writeValueAsBytes(answer), rules.revision());
    }

    /**
     * The description of {@code message}'s first custom element ({@code TIMCustomElem}) that starts with
     * {@link #NOTICE_MARKER}, cut to 64 characters; null when it has none. A member's client sending such a message
     * forges a roomsync notice: web clients ignore notices not sent by the app admin ({@code noticeSenders}), and this
     * keeps the forgery from reaching anyone else's client at all. A content that is not a JSON object, or whose
     * {@code Desc} is not a string, carries no marker.
     */
    public static String noticeMarker(GroupMessage message) {
        for (MessageElement element : message.getBody()) {
            if (!"TIMCustomElem".equals(element.getType())) {
                continue;
            }
            JsonNode content;
            try {
                content = JSON.readTree(element.getContent());
            } catch (tools.jackson.core.JacksonException notJson) {
                continue;
            }
            JsonNode description = content.path("Desc");
            if (description.isString() && description.asString().startsWith(NOTICE_MARKER)) {
                String text = description.asString();
                return text.length() <= EVIDENCE_CHARS ? text : text.substring(0, EVIDENCE_CHARS);
            }
        }
        return null;
    }

    /** What the event carries for a refused forged notice: REJECT by {@link #NOTICE_RULE}, the description, no policy. */
    public static AnsweredVerdict refusedNotice(String marker) {
        return new AnsweredVerdict(VerdictKind.REJECT, NOTICE_RULE, marker, null);
    }

    /** Tencent's answer refusing a forged notice (ErrorCode 1: the sender gets 10016), UTF-8 JSON. */
    public static byte[] noticeRefusal() {
        return REFUSE_NOTICE.clone();
    }

    /**
     * What the event carries when the message was allowed without being judged ({@code why}: backend,
     * policy-not-loaded, no-policy, verdict-failed): kind ALLOW, no rule, no policy revision.
     */
    public static AnsweredVerdict allowedWithoutJudging(String why) {
        return new AnsweredVerdict(VerdictKind.ALLOW, null, why, null);
    }

    private static VerdictKind kindOf(ContentVerdict.Kind kind) {
        return switch (kind) {
            case ALLOW -> VerdictKind.ALLOW;
            case MASK -> VerdictKind.MASK;
            case DROP -> VerdictKind.DROP;
            case REJECT -> VerdictKind.REJECT;
        };
    }
}
