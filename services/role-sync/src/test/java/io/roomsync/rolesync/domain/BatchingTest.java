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
    void mutesRequestedApartShareACallWhenTheirRemainingWholeSecondsAreTheSame() {
        // Given 10-minute mutes requested 400 ms apart
        List<MemberCommand> commands = List.of(mute("alice", 600, T), mute("bob", 600, T.plusMillis(400)));

        // Then planned at T + 0.6 s (599.4 s and 599.8 s left, 600 whole seconds each) they share a call
        assertThat(Batching.take(commands, T.plusMillis(600), 500, 500)).isEqualTo(2);
        // and planned at T + 1.1 s (598.9 s left: 599; 599.3 s left: 600) they do not
        assertThat(Batching.take(commands, T.plusMillis(1100), 500, 500)).isEqualTo(1);
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
