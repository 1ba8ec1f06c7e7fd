package io.roomsync.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConductTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void aFloodIsTheMessageOverTheLimitWithinTheWindow() {
        // Given at most 3 messages in 10 s
        ModerationPolicy policy = PolicyBook.defaults(1, "r").setFloodMessages(3).setFloodWindowSeconds(10).build();
        MemberConduct conduct = MemberConduct.NONE;

        // When a member sends 3 messages within 10 s, then a 4th at 9 s, then a 5th at 20 s
        for (int i = 0; i < 3; i++) {
            Conduct.Observed observed = Conduct.message(policy, conduct, "hello" + i, T0 + i * 1000L);
            assertThat(observed.finding()).isEmpty();
            conduct = observed.conduct();
        }
        Conduct.Observed fourth = Conduct.message(policy, conduct, "again", T0 + 9_000);
        Conduct.Observed fifth = Conduct.message(policy, fourth.conduct(), "later", T0 + 20_000);

        // Then the 4th is a flood, the 5th (the others out of the window) is not
        assertThat(fourth.finding()).contains(new Finding(Rules.FLOOD, "4 messages in 10 s, limit 3"));
        assertThat(fifth.finding()).isEmpty();
        assertThat(fifth.conduct().messageTimes()).containsExactly(T0 + 20_000);
    }

    @Test
    void aRepeatIsTheSameTextOverTheLimitButShortCheersAreNot() {
        // Given at most 2 copies of a text in 60 s
        ModerationPolicy policy = PolicyBook.defaults(1, "r").setRepeatMessages(2).setRepeatWindowSeconds(60).build();
        MemberConduct conduct = MemberConduct.NONE;
        MemberConduct cheers = MemberConduct.NONE;

        // When a member sends the same ad three times, and "666" five times
        Conduct.Observed observed = null;
        for (int i = 0; i < 3; i++) {
            observed = Conduct.message(policy, conduct, "buyfollowersnow", T0 + i * 1000L);
            conduct = observed.conduct();
        }
        for (int i = 0; i < 5; i++) {
            Conduct.Observed cheer = Conduct.message(policy, cheers, "666", T0 + i * 1000L);
            assertThat(cheer.finding()).isEmpty();
            cheers = cheer.conduct();
        }

        // Then the third copy is a repeat
        assertThat(observed.finding()).contains(new Finding(Rules.REPEAT, "3 copies in 60 s, limit 2"));
    }

    @Test
    void aSpamWaveIsOneTextFromMoreMembersThanTheLimit() {
        // Given a wave of more than 2 members in 60 s
        ModerationPolicy policy = PolicyBook.defaults(1, "r").setWaveMembers(2).setWaveWindowSeconds(60).build();

        // When alice sends it twice, then bob, then carol
        Conduct.Wave first = Conduct.wave(policy, List.of(), "alice", "joinmychannel", T0);
        Conduct.Wave again = Conduct.wave(policy, first.senders(), "alice", "joinmychannel", T0 + 1000);
        Conduct.Wave bob = Conduct.wave(policy, again.senders(), "bob", "joinmychannel", T0 + 2000);
        Conduct.Wave carol = Conduct.wave(policy, bob.senders(), "carol", "joinmychannel", T0 + 3000);

        // Then only carol's send makes it a wave, and each member is remembered once, at their latest send
        assertThat(again.finding()).isEmpty();
        assertThat(bob.finding()).isEmpty();
        assertThat(carol.finding()).contains(new Finding(Rules.SPAM_WAVE, "3 members sent it in 60 s, limit 2"));
        assertThat(carol.senders()).containsExactly(new Conduct.WaveSender("alice", T0 + 1000),
                new Conduct.WaveSender("bob", T0 + 2000), new Conduct.WaveSender("carol", T0 + 3000));
    }

    @Test
    void theLadderEscalatesWithRememberedOffencesAndForgetsOldOnes() {
        // Given warn, then a 10-minute mute from the 2nd offence, a day's ban from the 4th, offences remembered 1 h
        ModerationPolicy policy = PolicyBook.defaults(1, "r").setOffenceMemorySeconds(3600).build();
        List<LadderStep> ladder = List.of(new LadderStep(2, LadderSanction.MUTE, 600L), new LadderStep(4, LadderSanction.BAN, 86_400L));

        // When a member offends four times within the hour, then once more two hours later
        MemberConduct conduct = MemberConduct.NONE;
        List<Sanction> sanctions = new java.util.ArrayList<>();
        for (long at : new long[] {T0, T0 + 60_000, T0 + 120_000, T0 + 180_000, T0 + 7_400_000}) {
            Conduct.Offence offence = Conduct.offend(policy, ladder, conduct, at);
            sanctions.add(offence.sanction());
            conduct = offence.conduct();
        }

        // Then: warning, mute, mute, ban, and a warning once the old offences are forgotten
        assertThat(sanctions).containsExactly(new Sanction(LadderSanction.WARN, 0, 1), new Sanction(LadderSanction.MUTE, 600, 2),
                new Sanction(LadderSanction.MUTE, 600, 3), new Sanction(LadderSanction.BAN, 86_400, 4),
                new Sanction(LadderSanction.WARN, 0, 1));
    }

    @Test
    void offencesWithinTheCoolDownCountOnce() {
        // Given a ladder that mutes from the 2nd offence
        ModerationPolicy policy = PolicyBook.defaults(1, "r").build();
        List<LadderStep> ladder = List.of(new LadderStep(2, LadderSanction.MUTE, 600L));

        // When a member offends three times within 5 s
        Conduct.Offence first = Conduct.offend(policy, ladder, MemberConduct.NONE, T0);
        Conduct.Offence second = Conduct.offend(policy, ladder, first.conduct(), T0 + 2_000);
        Conduct.Offence third = Conduct.offend(policy, ladder, second.conduct(), T0 + 5_000);

        // Then only the first counts: a warning, then no sanction, one offence remembered
        assertThat(first.sanction()).isEqualTo(new Sanction(LadderSanction.WARN, 0, 1));
        assertThat(second.sanction()).isNull();
        assertThat(third.sanction()).isNull();
        assertThat(third.conduct().offences()).containsExactly(T0);
    }
}
