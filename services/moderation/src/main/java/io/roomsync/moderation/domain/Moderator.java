package io.roomsync.moderation.domain;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.MemberSanction;
import io.roomsync.contract.moderation.MessageVerdict;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.contract.moderation.ModerationPhase;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.moderation.rules.Conduct;
import io.roomsync.moderation.rules.ContentVerdict;
import io.roomsync.moderation.rules.Finding;
import io.roomsync.moderation.rules.MemberConduct;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import io.roomsync.moderation.rules.Rules;
import io.roomsync.moderation.rules.Sanction;
import io.roomsync.moderation.rules.TextNormaliser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What moderation does with one message event of a live room.
 * <ul>
 *   <li>Before-send: ingest already answered Tencent, and the event carries that verdict
 *       ({@code GroupMessage.verdict}); a carried verdict other than allow is recorded as it was given (its rule, its
 *       evidence, its policy revision), never judged again, and counts as an offence; a carried allow records
 *       nothing. The policy may have changed since ingest answered, and the audit must say what Tencent was told.
 *       An event without a verdict (ingest's verdict off, events published before it was carried, a kind this
 *       version does not know) is judged here by the rules in force, as ingest would have judged it.</li>
 *   <li>After-send (the message was delivered): flood, repeats and spam waves are checked against the member's and
 *       the room's memory, and the content rules again (ingest fails open, and policies change); anything found is
 *       recalled and counts as an offence.</li>
 *   <li>App-wide spam waves (one text from many members across the app's rooms) are found where the text's
 *       fingerprint is owned ({@link #appWave}) and come back to the message's room ({@link #onAppWave}).</li>
 *   <li>An offence climbs the ladder: a mute or ban becomes a {@link MemberCommand} for role-sync, whose id is
 *       derived from the event id, so a replayed event never sanctions twice.</li>
 * </ul>
 * Messages sent through the REST API (the app's backend), without a sender, or from exempt members (admins and the
 * owner, unless the policy says otherwise) are not moderated.
 */
public final class Moderator {

    public static final String BEFORE_SEND = "Group.CallbackBeforeSendMsg";
    public static final String AFTER_SEND = "Group.CallbackAfterSendMsg";
    public static final String AFTER_DESTROY = "Group.CallbackAfterGroupDestroyed";

    /** What moderation remembers, per member and per room; the adapter keeps it in Kafka-backed stores. */
    public interface Memory {
        MemberConduct conduct(String memberKey);

        void remember(String memberKey, MemberConduct conduct);

        List<Conduct.WaveSender> senders(String textKey);

        void rememberSenders(String textKey, List<Conduct.WaveSender> senders);

        /** Whether the member is an admin or the owner of the room. */
        boolean isExempt(String memberKey);

        /**
         * Forgets what the room's members did before {@code endedAt}: their conduct and the room's text senders from
         * then (what happened at or after it is a room created again with the same id, and stays).
         */
        void forgetRoom(long sdkAppId, String room, Instant endedAt);
    }

    /** The outcome of one message: nothing, or a decision with, perhaps, a command and a message to recall. */
    public record Outcome(ModerationDecision decision, MemberCommand command, Long recallSeq) {
        public static final Outcome NONE = new Outcome(null, null, null);

        public boolean isNone() {
            return decision == null;
        }
    }

    private final String requester;

    /** @param requester the name moderation's commands carry, e.g. {@code moderation} */
    public Moderator(String requester) {
        this.requester = requester;
    }

    /**
     * The moment a message is judged at: when it happened (Tencent's EventTime, else when ingest received it), never
     * when moderation got to it. Judged by processing time, a backlog (after an outage or a restart, part of a flood
     * processed before it and part after) would spread over more than the flood window and escape it.
     */
    public static Instant momentOf(ImEvent event) {
        return event.getEventTime() != null ? event.getEventTime() : event.getReceivedAt();
    }

    /**
     * Whether the event says its room was destroyed ({@code Group.CallbackAfterGroupDestroyed}, Tencent's "After a
     * Group Is Disbanded" callback).
     */
    public static boolean endsRoom(ImEvent event) {
        return AFTER_DESTROY.equals(event.getCommand()) && event.getRoom() != null;
    }

    /**
     * A destroyed room (issue 14, case 7): what moderation remembers of it goes, every member's conduct (messages,
     * texts, offences along the ladder) and the room's text senders, so a room Tencent creates again with the same id
     * starts with a clean ladder. Only what happened before the room ended ({@link #momentOf} the destroy) goes: a
     * destroy delivered after the first messages of the new room leaves those. The room's admins leave the exempt list
     * with the cleared states role-sync writes for them (role MEMBER) before it removes them; the room's policy is
     * configuration and stays (README, Room ends).
     *
     * @return whether the event ended a room (then nothing else is to be done with it)
     */
    public boolean onRoomEnd(ImEvent event, Memory memory) {
        if (!endsRoom(event)) {
            return false;
        }
        memory.forgetRoom(event.getSdkAppId(), event.getRoom(), momentOf(event));
        return true;
    }

    /**
     * Judges one message event; {@code rules} are the room's in force (null: no policy here). A Before-send verdict
     * the event carries is recorded even without rules here (ingest had a policy that moderation does not have yet,
     * or no longer): then under the defaults, whose empty ladder makes the offence a warning.
     */
    public Outcome onMessage(ImEvent event, RoomRules rules, Memory memory, Instant now) {
        if (!(event.getPayload() instanceof GroupMessage message) || message.getFrom() == null
                || event.getRoom() == null || "RESTAPI".equals(event.getPlatform())) {
            return Outcome.NONE;
        }
        boolean before = BEFORE_SEND.equals(event.getCommand());
        if (!before && !AFTER_SEND.equals(event.getCommand())) {
            return Outcome.NONE;
        }
        AnsweredVerdict answered = before ? message.getVerdict() : null;
        boolean carried = answered != null && answered.getKind() != VerdictKind.UNKNOWN;
        if (rules == null && !carried) {
            return Outcome.NONE;
        }
        RoomRules inForce = rules != null ? rules : RoomRules.compile(PolicyBook.defaults(event.getSdkAppId(), event.getRoom()).build());
        ModerationPolicy policy = inForce.policy();
        String member = message.getFrom();
        String memberKey = Keys.member(event.getSdkAppId(), event.getRoom(), member);
        if (policy.getExemptAdmins() && memory.isExempt(memberKey)) {
            return Outcome.NONE;
        }
        if (carried) {
            return onAnswered(event, message, answered, inForce, memory, now);
        }
        List<String> texts = texts(message);
        ContentVerdict content = rules.judgeAll(texts);
        long nowMillis = now.toEpochMilli();
        Finding finding = content.allowed() ? null : new Finding(content.rule(), content.evidence());
        MessageVerdict verdict;
        if (before) {
            if (finding == null) {
                return Outcome.NONE;
            }
            verdict = switch (content.kind()) {
                case MASK -> MessageVerdict.MASK;
                case DROP -> MessageVerdict.DROP;
                default -> MessageVerdict.REJECT;
            };
            return offend(event, message, rules, memory, now, finding, ModerationPhase.BEFORE_SEND, verdict, rules.revision());
        } else {
            String compact = TextNormaliser.compact(String.join(" ", texts));
            Conduct.Observed observed = Conduct.message(policy, memory.conduct(memberKey), compact, nowMillis);
            memory.remember(memberKey, observed.conduct());
            String textKey = Keys.of(Long.toString(event.getSdkAppId()), event.getRoom(), Integer.toString(Conduct.fingerprint(compact)));
            Conduct.Wave wave = Conduct.wave(policy, memory.senders(textKey), member, compact, nowMillis);
            if (!wave.senders().isEmpty()) {
                memory.rememberSenders(textKey, wave.senders());
            }
            if (finding == null) {
                finding = observed.finding().or(wave::finding).orElse(null);
            }
            if (finding == null) {
                return Outcome.NONE;
            }
            verdict = message.getMsgSeq() == null ? MessageVerdict.ALLOW : MessageVerdict.RECALL;
        }
        return offend(event, message, rules, memory, now, finding, ModerationPhase.AFTER_SEND, verdict, rules.revision());
    }

    /**
     * A Before-send message whose verdict ingest gave Tencent and the event carries: recorded as given, under the
     * revision that decided it, and counted as an offence along the ladder in force now; an allow records nothing.
     */
    private Outcome onAnswered(ImEvent event, GroupMessage message, AnsweredVerdict answered, RoomRules rules, Memory memory,
                               Instant now) {
        MessageVerdict verdict = switch (answered.getKind()) {
            case MASK -> MessageVerdict.MASK;
            case DROP -> MessageVerdict.DROP;
            case REJECT -> MessageVerdict.REJECT;
            case ALLOW, UNKNOWN -> null;
        };
        if (verdict == null) {
            return Outcome.NONE;
        }
        Finding finding = new Finding(answered.getRule() == null ? "unknown" : answered.getRule(),
                answered.getEvidence() == null ? "" : answered.getEvidence());
        return offend(event, message, rules, memory, now, finding, ModerationPhase.BEFORE_SEND, verdict, answered.getPolicyRevision());
    }

    /**
     * The text of a delivered message that, across the app's rooms, was sent by more members than the app default
     * policy's wave limit (found by {@link #appWave}, in the task that owns the text): it is recalled and counts
     * as an offence in its room, as any other finding there.
     */
    public Outcome onAppWave(ImEvent event, String evidence, RoomRules rules, Memory memory, Instant now) {
        if (rules == null || !(event.getPayload() instanceof GroupMessage message) || message.getFrom() == null
                || event.getRoom() == null) {
            return Outcome.NONE;
        }
        String memberKey = Keys.member(event.getSdkAppId(), event.getRoom(), message.getFrom());
        if (rules.policy().getExemptAdmins() && memory.isExempt(memberKey)) {
            return Outcome.NONE;
        }
        return offend(event, message, rules, memory, now, new Finding(Rules.APP_SPAM_WAVE, evidence), ModerationPhase.AFTER_SEND,
                message.getMsgSeq() == null ? MessageVerdict.ALLOW : MessageVerdict.RECALL, rules.revision());
    }

    /**
     * Whether a delivered message joins an app-wide spam wave: its text from more members, over all rooms, than the
     * app default policy allows within its wave window. {@code senders} is who sent this text lately (app-wide);
     * the answer carries who sent it now, and the evidence when it is a wave. Short texts and the backend's
     * messages never are.
     */
    public static Conduct.Wave appWave(ImEvent event, RoomRules appDefault, List<Conduct.WaveSender> senders, Instant now) {
        if (appDefault == null || !(event.getPayload() instanceof GroupMessage message) || message.getFrom() == null
                || !AFTER_SEND.equals(event.getCommand()) || "RESTAPI".equals(event.getPlatform())) {
            return new Conduct.Wave(List.of(), java.util.Optional.empty());
        }
        Conduct.Wave wave = Conduct.wave(appDefault.policy(), senders, message.getFrom(), compactText(message), now.toEpochMilli());
        return new Conduct.Wave(wave.senders(), wave.finding().map(f -> new Finding(Rules.APP_SPAM_WAVE,
                f.evidence().replace("members sent it", "members across rooms sent it"))));
    }

    /** The compact form of a message's texts: what repeat and wave rules fingerprint. */
    public static String compactText(GroupMessage message) {
        return TextNormaliser.compact(String.join(" ", texts(message)));
    }

    private static List<String> texts(GroupMessage message) {
        List<String> texts = new ArrayList<>();
        for (MessageElement element : message.getBody()) {
            if (element.getText() != null) {
                texts.add(element.getText());
            }
        }
        return texts;
    }

    /**
     * Counts the offence along the ladder in force and records the decision; {@code policyRevision} is the revision
     * that decided the message (ingest's, for a carried verdict), null when unknown.
     */
    private Outcome offend(ImEvent event, GroupMessage message, RoomRules rules, Memory memory, Instant now, Finding finding,
                           ModerationPhase phase, MessageVerdict verdict, Long policyRevision) {
        ModerationPolicy policy = rules.policy();
        String member = message.getFrom();
        String memberKey = Keys.member(event.getSdkAppId(), event.getRoom(), member);
        Conduct.Offence offence = Conduct.offend(policy, rules.ladder(), memory.conduct(memberKey), now.toEpochMilli());
        memory.remember(memberKey, offence.conduct());
        Sanction sanction = offence.sanction();
        MemberCommand command = command(event, member, finding, sanction, now);
        ModerationDecision decision = ModerationDecision.newBuilder()
                .setId(event.getId() + ":" + finding.rule())
                .setSdkAppId(event.getSdkAppId()).setRoom(event.getRoom()).setMember(member).setEventId(event.getId())
                .setMsgSeq(message.getMsgSeq()).setMsgRandom(message.getRandom())
                .setPhase(phase)
                .setRule(finding.rule()).setVerdict(verdict).setAction(action(sanction))
                .setSanctionSeconds(command == null ? null : command.getDurationSeconds())
                .setCommandId(command == null ? null : command.getId())
                .setEvidence(finding.evidence() + (sanction == null ? "" : "; offence " + sanction.offences())
                        + (policyRevision == null ? "" : "; policy revision " + policyRevision))
                .setDecidedAt(now).build();
        return new Outcome(decision, command, verdict == MessageVerdict.RECALL ? message.getMsgSeq() : null);
    }

    private MemberCommand command(ImEvent event, String member, Finding finding, Sanction sanction, Instant now) {
        if (sanction == null || (sanction.kind() != LadderSanction.MUTE && sanction.kind() != LadderSanction.BAN)) {
            return null;
        }
        return MemberCommand.newBuilder().setId("moderation:" + event.getId()).setSdkAppId(event.getSdkAppId())
                .setRoom(event.getRoom()).setMembers(List.of(member))
                .setAction(sanction.kind() == LadderSanction.MUTE ? MemberAction.MUTE : MemberAction.BAN)
                .setDurationSeconds(sanction.seconds())
                .setReason("moderation: " + finding.rule() + " (offence " + sanction.offences() + ")")
                .setRequester(requester).setRequestedAt(now).build();
    }

    private static MemberSanction action(Sanction sanction) {
        if (sanction == null) {
            return MemberSanction.NONE;
        }
        return switch (sanction.kind()) {
            case MUTE -> MemberSanction.MUTE;
            case BAN -> MemberSanction.BAN;
            default -> MemberSanction.WARN;
        };
    }
}
