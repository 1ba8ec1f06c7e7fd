package io.roomsync.moderation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.Keys;
import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.MemberSanction;
import io.roomsync.contract.moderation.MessageVerdict;
import io.roomsync.contract.moderation.ModerationPhase;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import io.roomsync.moderation.rules.Conduct;
import io.roomsync.moderation.rules.MemberConduct;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModeratorTest {

    private static final long APP = 1400000000L;
    private static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    private final Moderator moderator = new Moderator("moderation");
    private final InMemory memory = new InMemory();
    private final RoomRules rules = RoomRules.compile(PolicyBook.defaults(APP, "live_1").setRevision(3)
            .setBannedTerms(List.of("scam")).setBannedTermAction(TermAction.REJECT)
            .setFloodMessages(3).setFloodWindowSeconds(10)
            .setLadder(List.of(new LadderStep(1, LadderSanction.MUTE, 600L), new LadderStep(3, LadderSanction.BAN, 86_400L)))
            .build());

    @Test
    void aFloodIsRecalledAndTheFirstOffenceMutesAlongTheLadder() {
        // Given a member who sent 3 messages in the last 3 s
        for (int i = 0; i < 3; i++) {
            assertThat(moderator.onMessage(after("e" + i, "alice", "hello " + i, 10L + i), rules, memory, T0.plusSeconds(i)).isNone()).isTrue();
        }

        // When a 4th arrives within the window
        Moderator.Outcome outcome = moderator.onMessage(after("e3", "alice", "hello 3", 13L), rules, memory, T0.plusSeconds(3));

        // Then it is recalled, and role-sync is asked to mute her for 10 minutes under an id derived from the event
        assertThat(outcome.recallSeq()).isEqualTo(13L);
        assertThat(outcome.command()).isEqualTo(MemberCommand.newBuilder().setId("moderation:e3").setSdkAppId(APP)
                .setRoom("live_1").setMembers(List.of("alice")).setAction(MemberAction.MUTE).setDurationSeconds(600L)
                .setReason("moderation: flood (offence 1)").setRequester("moderation").setRequestedAt(T0.plusSeconds(3)).build());
        assertThat(outcome.decision().getId()).isEqualTo("e3:flood");
        assertThat(outcome.decision().getPhase()).isEqualTo(ModerationPhase.AFTER_SEND);
        assertThat(outcome.decision().getVerdict()).isEqualTo(MessageVerdict.RECALL);
        assertThat(outcome.decision().getAction()).isEqualTo(MemberSanction.MUTE);
        assertThat(outcome.decision().getCommandId()).isEqualTo("moderation:e3");
        assertThat(outcome.decision().getEvidence()).isEqualTo("4 messages in 10 s, limit 3; offence 1; policy revision 3");
    }

    @Test
    void aRejectedBeforeSendIsRecordedAndCountsAsAnOffence() {
        // When a Before-send message holds a banned term
        Moderator.Outcome outcome = moderator.onMessage(before("b1", "bob", "total scam"), rules, memory, T0);

        // Then the decision says it was rejected (as ingest answered), nothing to recall, and the ladder mutes
        assertThat(outcome.decision().getPhase()).isEqualTo(ModerationPhase.BEFORE_SEND);
        assertThat(outcome.decision().getVerdict()).isEqualTo(MessageVerdict.REJECT);
        assertThat(outcome.decision().getRule()).isEqualTo("banned-terms");
        assertThat(outcome.recallSeq()).isNull();
        assertThat(outcome.command().getAction()).isEqualTo(MemberAction.MUTE);
        assertThat(memory.conduct(Keys.member(APP, "live_1", "bob")).offences()).containsExactly(T0.toEpochMilli());
    }

    @Test
    void aBeforeSendVerdictIngestGaveIsRecordedAsGivenThoughThePolicyChangedSince() {
        // Given ingest rejected bob's message under revision 2, and the policy in force now (revision 3) masks instead
        RoomRules masking = RoomRules.compile(PolicyBook.defaults(APP, "live_1").setRevision(3).setBannedTerms(List.of("scam"))
                .setBannedTermAction(TermAction.MASK)
                .setLadder(List.of(new LadderStep(1, LadderSanction.MUTE, 600L))).build());
        ImEvent rejected = answered(before("b2", "bob", "total scam"), new AnsweredVerdict(VerdictKind.REJECT, "banned-terms", "scam", 2L));

        // When moderation gets to the event
        Moderator.Outcome outcome = moderator.onMessage(rejected, masking, memory, T0);

        // Then the decision is the rejection Tencent was told, under ingest's rule, evidence and revision, and the
        // offence counts along the ladder in force
        assertThat(outcome.decision().getId()).isEqualTo("b2:banned-terms");
        assertThat(outcome.decision().getPhase()).isEqualTo(ModerationPhase.BEFORE_SEND);
        assertThat(outcome.decision().getVerdict()).isEqualTo(MessageVerdict.REJECT);
        assertThat(outcome.decision().getRule()).isEqualTo("banned-terms");
        assertThat(outcome.decision().getEvidence()).isEqualTo("scam; offence 1; policy revision 2");
        assertThat(outcome.decision().getAction()).isEqualTo(MemberSanction.MUTE);
        assertThat(outcome.recallSeq()).isNull();
        assertThat(memory.conduct(Keys.member(APP, "live_1", "bob")).offences()).containsExactly(T0.toEpochMilli());
    }

    @Test
    void aBeforeSendVerdictIngestGaveIsRecordedEvenWithoutAPolicyHere() {
        // Given ingest rejected bob's message under revision 2, and moderation has no policy for the room (not loaded yet)
        ImEvent rejected = answered(before("b5", "bob", "total scam"), new AnsweredVerdict(VerdictKind.REJECT, "banned-terms", "scam", 2L));

        // When moderation gets to the event
        Moderator.Outcome outcome = moderator.onMessage(rejected, null, memory, T0);

        // Then the rejection is recorded as given, and with no ladder here the offence is a warning
        assertThat(outcome.decision().getVerdict()).isEqualTo(MessageVerdict.REJECT);
        assertThat(outcome.decision().getRule()).isEqualTo("banned-terms");
        assertThat(outcome.decision().getEvidence()).isEqualTo("scam; offence 1; policy revision 2");
        assertThat(outcome.decision().getAction()).isEqualTo(MemberSanction.WARN);
        assertThat(outcome.command()).isNull();
    }

    @Test
    void aBeforeSendMessageIngestAllowedIsNotRecordedThoughThePolicyInForceRejectsIt() {
        // Given ingest allowed bob's message because its replica had no policy yet; the policy in force rejects it
        ImEvent allowed = answered(before("b3", "bob", "total scam"), new AnsweredVerdict(VerdictKind.ALLOW, null, "no-policy", null));

        // When moderation gets to the event
        Moderator.Outcome outcome = moderator.onMessage(allowed, rules, memory, T0);

        // Then nothing is recorded (no rejection happened) and no offence counts; its After-send event is judged later
        assertThat(outcome.isNone()).isTrue();
        assertThat(memory.conduct(Keys.member(APP, "live_1", "bob"))).isEqualTo(MemberConduct.NONE);
    }

    @Test
    void aBeforeSendVerdictOfAKindThisVersionDoesNotKnowIsJudgedByThePolicyInForce() {
        // Given an event whose carried kind is unknown here (a newer ingest), and a policy that rejects the term
        ImEvent unknown = answered(before("b4", "bob", "total scam"), new AnsweredVerdict(VerdictKind.UNKNOWN, "x", "y", 9L));

        // When moderation gets to it
        Moderator.Outcome outcome = moderator.onMessage(unknown, rules, memory, T0);

        // Then it is judged as an event without a verdict: rejected under the policy in force
        assertThat(outcome.decision().getVerdict()).isEqualTo(MessageVerdict.REJECT);
        assertThat(outcome.decision().getEvidence()).isEqualTo("scam; offence 1; policy revision 3");
    }

    @Test
    void aBannedTermThatSlippedThroughIsRecalledAfterSend() {
        // When a message with a banned term was delivered (ingest failed open)
        Moderator.Outcome outcome = moderator.onMessage(after("a1", "carol", "scam here", 77L), rules, memory, T0);

        // Then it is recalled
        assertThat(outcome.decision().getRule()).isEqualTo("banned-terms");
        assertThat(outcome.recallSeq()).isEqualTo(77L);
    }

    @Test
    void adminsTheBackendAndCleanMessagesAreLeftAlone() {
        // Given dave is an admin
        memory.exempt.add(Keys.member(APP, "live_1", "dave"));

        // Then his banned term, a backend message and a clean message from anyone lead to nothing, and no memory for him
        assertThat(moderator.onMessage(after("x1", "dave", "scam", 1L), rules, memory, T0).isNone()).isTrue();
        ImEvent backend = ImEvent.newBuilder(after("x2", "erin", "scam", 2L)).setPlatform("RESTAPI").build();
        assertThat(moderator.onMessage(backend, rules, memory, T0).isNone()).isTrue();
        assertThat(moderator.onMessage(after("x3", "erin", "lovely stream", 3L), rules, memory, T0).isNone()).isTrue();
        assertThat(memory.conduct(Keys.member(APP, "live_1", "dave"))).isEqualTo(MemberConduct.NONE);
    }

    @Test
    void aTextFromMoreMembersAcrossRoomsThanTheAppDefaultAllowsIsAnAppWideWave() {
        // Given an app default that allows one text from at most 2 members within a minute, app-wide
        RoomRules appDefault = RoomRules.compile(PolicyBook.defaults(APP, Keys.APP_DEFAULT_ROOM).setWaveMembers(2).build());
        ImEvent inRoom1 = event("w1", Moderator.AFTER_SEND, "alice", "free coins at my channel", 1L);
        ImEvent inRoom2 = ImEvent.newBuilder(event("w2", Moderator.AFTER_SEND, "bob", "FREE coins, at my channel!", 2L)).setRoom("live_2").build();
        ImEvent inRoom3 = ImEvent.newBuilder(event("w3", Moderator.AFTER_SEND, "carol", "free coins at my channel", 3L)).setRoom("live_3").build();

        // When three members send it in three rooms
        Conduct.Wave first = Moderator.appWave(inRoom1, appDefault, List.of(), T0);
        Conduct.Wave second = Moderator.appWave(inRoom2, appDefault, first.senders(), T0.plusSeconds(1));
        Conduct.Wave third = Moderator.appWave(inRoom3, appDefault, second.senders(), T0.plusSeconds(2));

        // Then the third send is a wave, and in its room it is recalled as an offence
        assertThat(second.finding()).isEmpty();
        assertThat(third.finding()).map(f -> f.evidence()).contains("3 members across rooms sent it in 60 s, limit 2");
        Moderator.Outcome outcome = moderator.onAppWave(inRoom3, third.finding().get().evidence(), appDefault, memory, T0.plusSeconds(2));
        assertThat(outcome.decision().getRule()).isEqualTo("app-spam-wave");
        assertThat(outcome.decision().getRoom()).isEqualTo("live_3");
        assertThat(outcome.recallSeq()).isEqualTo(3L);
        assertThat(outcome.decision().getAction()).isEqualTo(MemberSanction.WARN);
    }

    @Test
    void aFloodJudgedLateIsJudgedByWhenItHappened() {
        // Given a flood sent within 3 s, whose first 3 messages were judged at once and the 4th 20 s later (a backlog
        // left by a Kafka outage)
        for (int i = 0; i < 3; i++) {
            ImEvent message = at(after("l" + i, "alice", "hello " + i, 10L + i), T0.plusSeconds(i));
            moderator.onMessage(message, rules, memory, Moderator.momentOf(message));
        }
        ImEvent late = at(after("l3", "alice", "hello 3", 13L), T0.plusSeconds(3));

        // When the 4th is judged at its moment
        Moderator.Outcome outcome = moderator.onMessage(late, rules, memory, Moderator.momentOf(late));

        // Then it is still a flood: the moment is Tencent's EventTime, not the time moderation got to it
        assertThat(Moderator.momentOf(late)).isEqualTo(T0.plusSeconds(3));
        assertThat(outcome.decision().getId()).isEqualTo("l3:flood");
    }

    @Test
    void withoutEventTimeAMessageHappenedWhenIngestReceivedIt() {
        assertThat(Moderator.momentOf(after("r1", "alice", "hi", 1L))).isEqualTo(T0);
    }

    private static ImEvent at(ImEvent event, Instant eventTime) {
        return ImEvent.newBuilder(event).setEventTime(eventTime).setReceivedAt(eventTime.plusSeconds(20)).build();
    }

    @Test
    void aDestroyedRoomForgetsItsMembersConductAndItsLadderStartsAgain() {
        // Given alice flooded live_1 (offence 1: muted) and also spoke in live_2
        for (int i = 0; i < 4; i++) {
            moderator.onMessage(after("e" + i, "alice", "hello " + i, 10L + i), rules, memory, T0.plusSeconds(i));
        }
        ImEvent elsewhere = ImEvent.newBuilder(after("o1", "alice", "hi", 1L)).setRoom("live_2").build();
        moderator.onMessage(elsewhere, rules, memory, T0);
        assertThat(memory.conduct.get(Keys.member(APP, "live_1", "alice")).offences()).hasSize(1);

        // When live_1 is destroyed
        ImEvent destroyed = ImEvent.newBuilder().setId("end").setSdkAppId(APP).setCommand(Moderator.AFTER_DESTROY)
                .setRoom("live_1").setReceivedAt(T0.plusSeconds(5))
                .setPayload(new io.roomsync.contract.im.GroupDestroyed("host", "Live", List.of())).build();
        boolean ended = moderator.onRoomEnd(destroyed, memory);

        // Then nothing of live_1 is remembered, live_2 is untouched
        assertThat(ended).isTrue();
        assertThat(memory.conduct).containsOnlyKeys(Keys.member(APP, "live_2", "alice"));
        assertThat(memory.senders.keySet()).allMatch(key -> key.startsWith(Keys.memberPrefix(APP, "live_2")));
        // and in the room created again with the same id, her next flood is offence 1 again, not 2
        for (int i = 0; i < 4; i++) {
            Moderator.Outcome outcome = moderator.onMessage(after("n" + i, "alice", "again " + i, 20L + i), rules, memory,
                    T0.plusSeconds(60 + i));
            if (i == 3) {
                assertThat(outcome.decision().getEvidence()).isEqualTo("4 messages in 10 s, limit 3; offence 1; policy revision 3");
            }
        }
    }

    @Test
    void aDestroyDeliveredAfterTheRoomCreatedAgainForgetsOnlyWhatHappenedBeforeItsEnd() {
        // Given alice flooded live_1 (offence 1), the room ended at T0 + 5 s, and in the room created again with the
        // same id she sent 3 messages (T0 + 10..12 s) before the old room's destroy arrived
        for (int i = 0; i < 4; i++) {
            moderator.onMessage(after("e" + i, "alice", "hello " + i, 10L + i), rules, memory, T0.plusSeconds(i));
        }
        for (int i = 0; i < 3; i++) {
            moderator.onMessage(after("n" + i, "alice", "new " + i, 20L + i), rules, memory, T0.plusSeconds(10 + i));
        }

        // When the destroy, stamped T0 + 5 s, arrives
        ImEvent destroyed = ImEvent.newBuilder().setId("end").setSdkAppId(APP).setCommand(Moderator.AFTER_DESTROY)
                .setRoom("live_1").setEventTime(T0.plusSeconds(5)).setReceivedAt(T0.plusSeconds(13))
                .setPayload(new io.roomsync.contract.im.GroupDestroyed("host", "Live", List.of())).build();
        moderator.onRoomEnd(destroyed, memory);

        // Then the new room's 3 messages are kept and the old offence is not: her 4th message there is offence 1
        MemberConduct kept = memory.conduct.get(Keys.member(APP, "live_1", "alice"));
        assertThat(kept.messageTimes()).containsExactly(T0.plusSeconds(10).toEpochMilli(), T0.plusSeconds(11).toEpochMilli(),
                T0.plusSeconds(12).toEpochMilli());
        assertThat(kept.offences()).isEmpty();
        Moderator.Outcome outcome = moderator.onMessage(after("n3", "alice", "new 3", 23L), rules, memory, T0.plusSeconds(13));
        assertThat(outcome.decision().getEvidence()).isEqualTo("4 messages in 10 s, limit 3; offence 1; policy revision 3");
    }

    @Test
    void onlyADestroyEndsARoom() {
        assertThat(moderator.onRoomEnd(after("e1", "alice", "hello", 1L), memory)).isFalse();
    }

    @Test
    void withoutAPolicyNothingIsModerated() {
        assertThat(moderator.onMessage(after("n1", "alice", "scam", 1L), null, memory, T0).isNone()).isTrue();
    }

    /** {@code event} as ingest publishes it once it answered Tencent with {@code verdict}. */
    private static ImEvent answered(ImEvent event, AnsweredVerdict verdict) {
        GroupMessage message = GroupMessage.newBuilder((GroupMessage) event.getPayload()).setVerdict(verdict).build();
        return ImEvent.newBuilder(event).setPayload(message).build();
    }

    private static ImEvent before(String id, String from, String text) {
        return event(id, Moderator.BEFORE_SEND, from, text, null);
    }

    private static ImEvent after(String id, String from, String text, Long msgSeq) {
        return event(id, Moderator.AFTER_SEND, from, text, msgSeq);
    }

    private static ImEvent event(String id, String command, String from, String text, Long msgSeq) {
        GroupMessage message = GroupMessage.newBuilder().setFrom(from).setRandom(42L).setMsgSeq(msgSeq)
                .setBody(List.of(MessageElement.newBuilder().setType("TIMTextElem").setText(text)
                        .setContent("{\"Text\":\"" + text + "\"}").build())).build();
        return ImEvent.newBuilder().setId(id).setSdkAppId(APP).setCommand(command).setRoom("live_1").setPlatform("Web")
                .setReceivedAt(T0).setPayload(message).build();
    }

    /** The memory as plain maps. */
    static final class InMemory implements Moderator.Memory {
        final Map<String, MemberConduct> conduct = new HashMap<>();
        final Map<String, List<Conduct.WaveSender>> senders = new HashMap<>();
        final Set<String> exempt = new HashSet<>();

        @Override
        public MemberConduct conduct(String memberKey) {
            return conduct.getOrDefault(memberKey, MemberConduct.NONE);
        }

        @Override
        public void remember(String memberKey, MemberConduct value) {
            conduct.put(memberKey, value);
        }

        @Override
        public List<Conduct.WaveSender> senders(String textKey) {
            return senders.getOrDefault(textKey, List.of());
        }

        @Override
        public void rememberSenders(String textKey, List<Conduct.WaveSender> value) {
            senders.put(textKey, value);
        }

        @Override
        public boolean isExempt(String memberKey) {
            return exempt.contains(memberKey);
        }

        @Override
        public void forgetRoom(long sdkAppId, String room, Instant endedAt) {
            String prefix = Keys.memberPrefix(sdkAppId, room);
            long end = endedAt.toEpochMilli();
            conduct.replaceAll((key, value) -> key.startsWith(prefix) ? value.since(end) : value);
            conduct.values().removeIf(MemberConduct::isEmpty);
            senders.replaceAll((key, value) -> key.startsWith(prefix)
                    ? value.stream().filter(sender -> sender.at() >= end).toList() : value);
            senders.values().removeIf(List::isEmpty);
        }
    }
}
