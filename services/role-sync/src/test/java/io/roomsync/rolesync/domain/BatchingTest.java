package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which of a room's oldest commands one Tencent call carries. */
class BatchingTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void consecutiveMutesOfTheSameLengthShareACallUntilAnotherLengthOrAction() {
        // Given two 10-minute mutes, a 5-minute mute, then a 10-minute mute again
        List<MemberCommand> commands = List.of(mute("alice", 600, T), mute("bob", 600, T), mute("carol", 300, T),
                mute("dave", 600, T));

        // Then the first call carries the first two; the next starts at the 5-minute mute and carries it alone
        assertThat(Batching.take(commands, T, 500, 500)).isEqualTo(2);
        assertThat(Batching.take(commands.subList(2, 4), T, 500, 500)).isEqualTo(1);
    }

    @Test
    void mutesWhoseEndsLieLessThanOneSecondApartShareACallAskingForTheLatestEndRoundedUp() {
        // Given 10-minute mutes requested 400 ms apart
        List<MemberCommand> commands = List.of(mute("alice", 600, T), mute("bob", 600, T.plusMillis(400)));

        // When planned at T + 1.1 s (598.9 s and 599.3 s left)
        Instant now = T.plusMillis(1100);

        // Then they share a call, which asks for the later end in whole seconds, rounded up: 600 s
        assertThat(Batching.take(commands, now, 500, 500)).isEqualTo(2);
        assertThat(Batching.seconds(commands, now)).isEqualTo(600);
        // and the earlier alone would have asked for 599 s
        assertThat(Batching.seconds(commands.subList(0, 1), now)).isEqualTo(599);
    }

    @Test
    void aMuteEndingOneSecondOrMoreAfterTheBatchsEarliestEndStartsTheNextCall() {
        // Given 10-minute mutes requested at T + 0.5 s, T, T + 0.999 s and T + 1 s (ends out of order)
        List<MemberCommand> commands = List.of(mute("alice", 600, T.plusMillis(500)), mute("bob", 600, T),
                mute("carol", 600, T.plusMillis(999)), mute("dave", 600, T.plusMillis(1000)));

        // Then the first three share a call (ends T + 0 s to T + 0.999 s, after 600 s), the fourth does not
        assertThat(Batching.take(commands, T, 500, 500)).isEqualTo(3);
        assertThat(Batching.seconds(commands.subList(0, 3), T)).isEqualTo(601);
        // and a mute ending 1 s after an earlier first one never joins it, whatever follows
        assertThat(Batching.take(List.of(commands.get(1), commands.get(3), commands.get(0)), T, 500, 500)).isEqualTo(1);
    }

    @Test
    void bansAreBatchedByEndLikeMutesAndUntimedCommandsAskForNoLength() {
        List<MemberCommand> bans = List.of(ban("alice", "spam"),
                MemberCommand.newBuilder(ban("bob", "spam")).setRequestedAt(T.plusMillis(700)).build());
        assertThat(Batching.take(bans, T, 20, 500)).isEqualTo(2);
        assertThat(Batching.seconds(bans, T)).isEqualTo(3601);

        List<MemberCommand> unmutes = List.of(command(MemberAction.UNMUTE, null, "alice"), command(MemberAction.UNMUTE, null, "bob"));
        assertThat(Batching.take(unmutes, T, 500, 500)).isEqualTo(2);
        assertThat(Batching.seconds(unmutes, T)).isZero();
    }

    @Test
    void anUnmuteBetweenTwoMutesKeepsThemInThreeCalls() {
        List<MemberCommand> commands = List.of(mute("alice", 600, T), command(MemberAction.UNMUTE, null, "alice"),
                mute("alice", 600, T));

        assertThat(Batching.take(commands, T, 500, 500)).isEqualTo(1);
        assertThat(Batching.take(commands.subList(1, 3), T, 500, 500)).isEqualTo(1);
    }

    @Test
    void bansShareACallOnlyWithTheSameDescriptionAndUpToTwentyAccounts() {
        List<MemberCommand> sameReason = IntStream.range(0, 25).mapToObj(i -> ban("u" + i, "spam")).toList();
        assertThat(Batching.take(sameReason, T, 20, 500)).isEqualTo(20);

        List<MemberCommand> otherReason = List.of(ban("alice", "spam"), ban("bob", "abuse"));
        assertThat(Batching.take(otherReason, T, 20, 500)).isEqualTo(1);
    }

    @Test
    void aMemberNamedTwiceCountsOnceAgainstTheAccountsOfACall() {
        List<MemberCommand> commands = List.of(command(MemberAction.GRANT_ADMIN, null, "a", "b", "c", "d", "e"),
                command(MemberAction.GRANT_ADMIN, null, "e"), command(MemberAction.GRANT_ADMIN, null, "f"));

        assertThat(Batching.take(commands, T, 5, 500)).isEqualTo(2);
    }

    @Test
    void aFirstCommandNamingMoreAccountsThanOneCallTakesGoesAlone() {
        List<MemberCommand> commands = List.of(command(MemberAction.UNBAN, null,
                IntStream.range(0, 30).mapToObj(i -> "u" + i).toArray(String[]::new)), command(MemberAction.UNBAN, null, "x"));

        assertThat(Batching.take(commands, T, 20, 500)).isEqualTo(1);
    }

    @Test
    void noMoreCommandsThanAskedFor() {
        List<MemberCommand> commands = List.of(mute("alice", 600, T), mute("bob", 600, T));

        assertThat(Batching.take(commands, T, 500, 1)).isEqualTo(1);
    }

    static MemberCommand mute(String member, long seconds, Instant requestedAt) {
        return MemberCommand.newBuilder(CommandRulesTest.command(MemberAction.MUTE, seconds, member))
                .setRequestedAt(requestedAt).build();
    }

    private static MemberCommand ban(String member, String reason) {
        return MemberCommand.newBuilder(CommandRulesTest.command(MemberAction.BAN, 3600L, member)).setReason(reason).build();
    }

    private static MemberCommand command(MemberAction action, Long seconds, String... members) {
        return CommandRulesTest.command(action, seconds, members);
    }
}
