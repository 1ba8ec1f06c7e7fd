package io.roomsync.moderation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.contract.moderation.MemberSanction;
import io.roomsync.contract.moderation.MessageVerdict;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.contract.moderation.ModerationPhase;
import io.roomsync.moderation.domain.DecisionRates.Minute;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's chart: per minute, decisions, recalls and sanctions; every minute present, nothing outside. */
class DecisionRatesTest {

    static final Instant NOW = Instant.parse("2026-11-30T02:10:30Z");

    static ModerationDecision decision(String at, MessageVerdict verdict, MemberSanction action) {
        return ModerationDecision.newBuilder().setId(at).setSdkAppId(1400000000L).setRoom("live_1").setMember("viewer_1")
                .setEventId("e").setPhase(ModerationPhase.AFTER_SEND).setRule("flood").setVerdict(verdict).setAction(action)
                .setEvidence("6 messages in 10 s").setDecidedAt(Instant.parse(at)).build();
    }

    @Test
    void eachMinuteCountsItsDecisionsRecallsAndSanctions() {
        // Given decisions in the current minute, two minutes ago, and one just before the chart starts
        List<ModerationDecision> decisions = List.of(
                decision("2026-11-30T02:10:01Z", MessageVerdict.RECALL, MemberSanction.MUTE),
                decision("2026-11-30T02:10:29Z", MessageVerdict.REJECT, MemberSanction.WARN),
                decision("2026-11-30T02:08:00Z", MessageVerdict.RECALL, MemberSanction.NONE),
                decision("2026-11-30T02:08:59.999Z", MessageVerdict.DROP, MemberSanction.BAN),
                decision("2026-11-30T02:07:59.999Z", MessageVerdict.RECALL, MemberSanction.BAN));

        // When charted over 3 minutes
        List<Minute> chart = DecisionRates.perMinute(decisions, NOW, 3);

        // Then 02:08, 02:09 (empty) and 02:10, oldest first; 02:07 is outside
        assertThat(chart).containsExactly(
                new Minute(Instant.parse("2026-11-30T02:08:00Z"), 2, 1, 1),
                new Minute(Instant.parse("2026-11-30T02:09:00Z"), 0, 0, 0),
                new Minute(Instant.parse("2026-11-30T02:10:00Z"), 2, 1, 1));
    }

    @Test
    void aChartIs1To60Minutes() {
        assertThat(DecisionRates.perMinute(List.of(), NOW, 60)).hasSize(60);
        assertThatThrownBy(() -> DecisionRates.perMinute(List.of(), NOW, 0)).hasMessage("minutes is between 1 and 60, was 0");
        assertThatThrownBy(() -> DecisionRates.perMinute(List.of(), NOW, 61)).hasMessage("minutes is between 1 and 60, was 61");
    }
}
