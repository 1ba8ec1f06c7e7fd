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
