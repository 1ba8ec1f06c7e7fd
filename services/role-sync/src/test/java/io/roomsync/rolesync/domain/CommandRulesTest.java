package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandRulesTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final CommandRules.Limits LIMITS = new CommandRules.Limits(Duration.ofDays(30), Duration.ofDays(365), 500);
    private static final Set<Long> APPS = Set.of(1400000000L);

    static MemberCommand command(MemberAction action, Long seconds, String... members) {
        return MemberCommand.newBuilder().setId("cmd-1").setSdkAppId(1400000000L).setRoom("live_1")
                .setMembers(List.of(members)).setAction(action).setDurationSeconds(seconds).setReason("spam")
                .setRequester("test").setRequestedAt(T).build();
    }

    @Test
    void acceptsEveryActionWellFormed() {
        for (MemberAction action : List.of(MemberAction.GRANT_ADMIN, MemberAction.REVOKE_ADMIN, MemberAction.UNMUTE, MemberAction.UNBAN)) {
            assertThat(CommandRules.validate(command(action, null, "alice"), LIMITS, APPS)).as(action.name()).isEmpty();
        }
        assertThat(CommandRules.validate(command(MemberAction.MUTE, 60L, "alice"), LIMITS, APPS)).isEmpty();
        assertThat(CommandRules.validate(command(MemberAction.BAN, 3600L, "alice"), LIMITS, APPS)).isEmpty();
    }

    @Test
    void refusesWhatCannotBeAppliedWithRoomsyncsCodes() {
        assertThat(CommandRules.validate(command(MemberAction.UNKNOWN, null, "alice"), LIMITS, APPS).orElseThrow().code())
                .isEqualTo(CommandRules.UNKNOWN_ACTION);
        assertThat(CommandRules.validate(command(MemberAction.MUTE, null, "alice"), LIMITS, APPS).orElseThrow().code())
                .isEqualTo(CommandRules.INVALID_DURATION);
        assertThat(CommandRules.validate(command(MemberAction.MUTE, -5L, "alice"), LIMITS, APPS).orElseThrow().code())
                .isEqualTo(CommandRules.INVALID_DURATION);
        assertThat(CommandRules.validate(command(MemberAction.MUTE, Duration.ofDays(31).toSeconds(), "alice"), LIMITS, APPS)
                .orElseThrow().code()).isEqualTo(CommandRules.INVALID_DURATION);
        assertThat(CommandRules.validate(command(MemberAction.MUTE, 60L, "bad user"), LIMITS, APPS).orElseThrow().code())
                .isEqualTo(CommandRules.INVALID_MEMBER);
        assertThat(CommandRules.validate(command(MemberAction.MUTE, 60L), LIMITS, APPS).orElseThrow().code())
                .isEqualTo(CommandRules.NO_MEMBERS);
        MemberCommand otherApp = MemberCommand.newBuilder(command(MemberAction.UNMUTE, null, "alice")).setSdkAppId(1499999999L).build();
        assertThat(CommandRules.validate(otherApp, LIMITS, APPS).orElseThrow().code()).isEqualTo(CommandRules.UNKNOWN_APP);
        MemberCommand badRoom = MemberCommand.newBuilder(command(MemberAction.UNMUTE, null, "alice")).setRoom("").build();
        assertThat(CommandRules.validate(badRoom, LIMITS, APPS).orElseThrow().code()).isEqualTo(CommandRules.INVALID_ROOM);
    }

    @Test
    void aMuteEndsDurationAfterItWasRequestedAndAsksTencentForWhatRemains() {
        CommandRules.Plan plan = CommandRules.plan(command(MemberAction.MUTE, 60L, "alice"), T.plusMillis(2_500));
        assertThat(plan.action()).isEqualTo(CommandRules.TencentAction.MUTE);
        assertThat(plan.change()).isEqualTo(new Change.MuteUntil(T.plusSeconds(60)));
        assertThat(plan.seconds()).isEqualTo(58);
    }

    @Test
    void aTimedCommandArrivingAfterItsEndIsRefused() {
        assertThat(CommandRules.expired(command(MemberAction.BAN, 60L, "alice"), T.plusSeconds(60)).orElseThrow().code())
                .isEqualTo(CommandRules.EXPIRED_BEFORE_APPLIED);
        assertThat(CommandRules.expired(command(MemberAction.BAN, 60L, "alice"), T.plusSeconds(59))).isEmpty();
        assertThat(CommandRules.expired(command(MemberAction.UNBAN, null, "alice"), T.plusSeconds(3600))).isEmpty();
    }

    @Test
    void everyActionHasItsTencentCallAndChange() {
        assertThat(CommandRules.plan(command(MemberAction.GRANT_ADMIN, null, "a"), T))
                .isEqualTo(new CommandRules.Plan(CommandRules.TencentAction.GRANT_ADMIN, 0, new Change.GrantAdmin()));
        assertThat(CommandRules.plan(command(MemberAction.REVOKE_ADMIN, null, "a"), T))
                .isEqualTo(new CommandRules.Plan(CommandRules.TencentAction.REVOKE_ADMIN, 0, new Change.RevokeAdmin()));
        assertThat(CommandRules.plan(command(MemberAction.UNMUTE, null, "a"), T))
                .isEqualTo(new CommandRules.Plan(CommandRules.TencentAction.UNMUTE, 0, new Change.Unmute()));
        assertThat(CommandRules.plan(command(MemberAction.UNBAN, null, "a"), T))
                .isEqualTo(new CommandRules.Plan(CommandRules.TencentAction.UNBAN, 0, new Change.Unban()));
        assertThat(CommandRules.plan(command(MemberAction.BAN, 3600L, "a"), T))
                .isEqualTo(new CommandRules.Plan(CommandRules.TencentAction.BAN, 3600, new Change.BanUntil(T.plusSeconds(3600))));
    }
}
