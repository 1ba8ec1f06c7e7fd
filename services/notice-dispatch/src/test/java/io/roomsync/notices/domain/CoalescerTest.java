package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    private static MemberNotice n(String user, long version) {
        return new MemberNotice(user, "MEMBER", null, null, version, 0);
    }

    @Test
    void theNewestVersionOfEachMemberWinsAndOneMessageCarriesThem() {
        Coalescer.Plan plan = Coalescer.plan(List.of(n("a", 1), n("b", 4), n("a", 3), n("a", 2)), Map.of(), 60);
        assertThat(plan.messages()).containsExactly(List.of(n("a", 3), n("b", 4)));
        assertThat(plan.superseded()).isEqualTo(2);
    }

    @Test
    void versionsClientsAlreadyHaveAreNotSentAgain() {
        Coalescer.Plan plan = Coalescer.plan(List.of(n("a", 3), n("b", 4)), Map.of("a", 3L, "b", 2L), 60);
        assertThat(plan.messages()).containsExactly(List.of(n("b", 4)));
        assertThat(plan.superseded()).isEqualTo(1);
    }

    @Test
    void manyMembersAreSplitIntoMessagesOfTheMaximum() {
        List<MemberNotice> pending = java.util.stream.IntStream.range(0, 130).mapToObj(i -> n(String.format("u%03d", i), 1)).toList();
        Coalescer.Plan plan = Coalescer.plan(pending, Map.of(), 60);
        assertThat(plan.messages()).extracting(List::size).containsExactly(60, 60, 10);
    }

    @Test
    void nothingPendingMakesNoMessage() {
        assertThat(Coalescer.plan(List.of(), Map.of(), 60).messages()).isEmpty();
    }
}
