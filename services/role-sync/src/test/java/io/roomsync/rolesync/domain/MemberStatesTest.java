package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberStatesTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final Cause CAUSE = new Cause("cmd-1", ChangeCause.COMMAND, T);
    private final MemberState plain = MemberStates.initial(1400000000L, "live_1", "alice");

    @Test
    void theFirstStateIsAPlainAbsentMemberAtVersionZero() {
        assertThat(plain.getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(plain.getVersion()).isZero();
        assertThat(plain.getPresent()).isFalse();
    }

    @Test
    void aChangeBumpsTheVersionByOneAndRecordsItsCause() {
        MemberState admin = MemberStates.apply(plain, new Change.GrantAdmin(), CAUSE).orElseThrow();
        assertThat(admin.getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(admin.getVersion()).isEqualTo(1);
        assertThat(admin.getCause()).isEqualTo("cmd-1");
        assertThat(admin.getCauseKind()).isEqualTo(ChangeCause.COMMAND);
        assertThat(admin.getChangedAt()).isEqualTo(T);
        MemberState revoked = MemberStates.apply(admin, new Change.RevokeAdmin(), CAUSE).orElseThrow();
        assertThat(revoked.getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(revoked.getVersion()).isEqualTo(2);
    }

    @Test
    void aChangeThatAltersNothingMakesNoVersion() {
        assertThat(MemberStates.apply(plain, new Change.RevokeAdmin(), CAUSE)).isEmpty();
        assertThat(MemberStates.apply(plain, new Change.Unmute(), CAUSE)).isEmpty();
        assertThat(MemberStates.apply(plain, new Change.Unban(), CAUSE)).isEmpty();
        assertThat(MemberStates.apply(plain, new Change.Presence(false), CAUSE)).isEmpty();
        MemberState muted = MemberStates.apply(plain, new Change.MuteUntil(T.plusSeconds(60)), CAUSE).orElseThrow();
        assertThat(MemberStates.apply(muted, new Change.MuteUntil(T.plusSeconds(60)), CAUSE)).isEmpty();
    }

    @Test
    void anOwnerStaysOwnerWhenGrantedOrRevokedAdmin() {
        MemberState owner = MemberStates.apply(plain, new Change.SetRole(MemberRole.OWNER), CAUSE).orElseThrow();
        assertThat(MemberStates.apply(owner, new Change.GrantAdmin(), CAUSE)).isEmpty();
        assertThat(MemberStates.apply(owner, new Change.RevokeAdmin(), CAUSE)).isEmpty();
    }

    @Test
    void muteAndUnmute() {
        MemberState muted = MemberStates.apply(plain, new Change.MuteUntil(T.plusSeconds(60)), CAUSE).orElseThrow();
        assertThat(muted.getMutedUntil()).isEqualTo(T.plusSeconds(60));
        assertThat(MemberStates.apply(muted, new Change.Unmute(), CAUSE).orElseThrow().getMutedUntil()).isNull();
    }

    @Test
    void aBanRemovesTheMemberFromTheRoom() {
        MemberState present = MemberStates.apply(plain, new Change.Presence(true), CAUSE).orElseThrow();
        MemberState banned = MemberStates.apply(present, new Change.BanUntil(T.plusSeconds(3600)), CAUSE).orElseThrow();
        assertThat(banned.getBannedUntil()).isEqualTo(T.plusSeconds(3600));
        assertThat(banned.getPresent()).isFalse();
        assertThat(MemberStates.apply(banned, new Change.Unban(), CAUSE).orElseThrow().getBannedUntil()).isNull();
    }

    @Test
    void expiryEndsOnlyWhatHasRunOut() {
        MemberState both = MemberStates.apply(MemberStates.apply(plain, new Change.MuteUntil(T.plusSeconds(10)), CAUSE).orElseThrow(),
                new Change.BanUntil(T.plusSeconds(100)), CAUSE).orElseThrow();
        assertThat(MemberStates.apply(both, new Change.Expire(T.plusSeconds(5)), CAUSE)).isEmpty();
        MemberState afterMute = MemberStates.apply(both, new Change.Expire(T.plusSeconds(10)), CAUSE).orElseThrow();
        assertThat(afterMute.getMutedUntil()).isNull();
        assertThat(afterMute.getBannedUntil()).isEqualTo(T.plusSeconds(100));
        assertThat(afterMute.getVersion()).isEqualTo(both.getVersion() + 1);
    }

    @Test
    void aDestroyedRoomClearsEverything() {
        MemberState busy = MemberStates.apply(MemberStates.apply(MemberStates.apply(plain, new Change.GrantAdmin(), CAUSE).orElseThrow(),
                new Change.MuteUntil(T.plusSeconds(10)), CAUSE).orElseThrow(), new Change.Presence(true), CAUSE).orElseThrow();
        MemberState cleared = MemberStates.apply(busy, new Change.Cleared(), CAUSE).orElseThrow();
        assertThat(cleared.getRole()).isEqualTo(MemberRole.MEMBER);
        assertThat(cleared.getMutedUntil()).isNull();
        assertThat(cleared.getPresent()).isFalse();
        assertThat(cleared.getVersion()).isEqualTo(4);
    }

    @Test
    void anObservationWithinTheSameSecondIsNoCorrection() {
        MemberState muted = MemberStates.apply(plain, new Change.MuteUntil(Instant.parse("2026-11-25T10:01:00.700Z")), CAUSE).orElseThrow();
        assertThat(MemberStates.apply(muted, new Change.Observed(null, Instant.parse("2026-11-25T10:01:01Z"), null), CAUSE)).isEmpty();
        Optional<MemberState> corrected = MemberStates.apply(muted, new Change.Observed(null, null, null), CAUSE);
        assertThat(corrected.orElseThrow().getMutedUntil()).isNull();
    }

    @Test
    void anObservedEndUpToTwoWholeSecondsLaterIsNoCorrectionAsABatchedCallAsksForItsLatestEndRoundedUp() {
        // Given a member muted until 10:01:00.999 by a batched call that asked Tencent for an end up to 2 s later
        MemberState muted = MemberStates.apply(plain, new Change.MuteUntil(Instant.parse("2026-11-25T10:01:00.999Z")), CAUSE).orElseThrow();

        // Then Tencent's 10:01:02 is the same end, and 10:01:03 a correction
        assertThat(MemberStates.apply(muted, new Change.Observed(null, Instant.parse("2026-11-25T10:01:02Z"), null), CAUSE)).isEmpty();
        assertThat(MemberStates.apply(muted, new Change.Observed(null, Instant.parse("2026-11-25T10:01:03Z"), null), CAUSE)
                .orElseThrow().getMutedUntil()).isEqualTo(Instant.parse("2026-11-25T10:01:03Z"));
    }

    @Test
    void anObservedBanRemovesTheMemberAndAnObservedAdminIsAdmin() {
        MemberState present = MemberStates.apply(plain, new Change.Presence(true), CAUSE).orElseThrow();
        MemberState observed = MemberStates.apply(present, new Change.Observed(MemberRole.ADMIN, null, T.plusSeconds(60)), CAUSE).orElseThrow();
        assertThat(observed.getRole()).isEqualTo(MemberRole.ADMIN);
        assertThat(observed.getBannedUntil()).isEqualTo(T.plusSeconds(60));
        assertThat(observed.getPresent()).isFalse();
    }
}
