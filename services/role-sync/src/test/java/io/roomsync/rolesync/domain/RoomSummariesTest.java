package io.roomsync.rolesync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.domain.RoomSummaries.RoomSummary;
import io.roomsync.rolesync.domain.RoomSummaries.Search;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's rooms list: counts per room, search by room or user, apps the token may see, order and limit. */
class RoomSummariesTest {

    static final long APP = 1400000000L;
    static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");

    static MemberState member(long app, String room, String user, MemberRole role, Instant mutedUntil,
                              Instant bannedUntil, boolean present, long version, Instant changedAt) {
        return MemberState.newBuilder().setSdkAppId(app).setRoom(room).setMember(user).setRole(role)
                .setMutedUntil(mutedUntil).setBannedUntil(bannedUntil).setPresent(present).setVersion(version)
                .setCause("c").setCauseKind(ChangeCause.COMMAND).setChangedAt(changedAt).build();
    }

    final List<MemberState> states = List.of(
            member(APP, "live_A", "host", MemberRole.OWNER, null, null, true, 1, NOW.minusSeconds(300)),
            member(APP, "live_A", "mod_1", MemberRole.ADMIN, null, null, true, 2, NOW.minusSeconds(200)),
            member(APP, "live_A", "viewer_1", MemberRole.MEMBER, NOW.plusSeconds(60), null, true, 3, NOW.minusSeconds(100)),
            // a mute that ended and a ban in force
            member(APP, "live_A", "viewer_2", MemberRole.MEMBER, NOW.minusSeconds(1), NOW.plusSeconds(3600), false, 4,
                    NOW.minusSeconds(400)),
            member(APP, "live_B", "Viewer_9", MemberRole.MEMBER, null, null, true, 1, NOW.minusSeconds(50)),
            member(APP + 1, "live_A", "viewer_1", MemberRole.MEMBER, null, null, false, 7, NOW.minusSeconds(10)));

    @Test
    void eachRoomOfEachAppIsCountedAndTheLatestChangedComesFirst() {
        // Given members of two rooms of one app and a room of the same id in another app, When listed
        List<RoomSummary> rooms = RoomSummaries.of(states, new Search(null, null, null, 100), app -> true, NOW);

        // Then each (app, room) is one line with exact counts, most recently changed first
        assertThat(rooms).containsExactly(
                new RoomSummary(APP + 1, "live_A", 1, 0, 0, 0, 0, 7, NOW.minusSeconds(10)),
                new RoomSummary(APP, "live_B", 1, 1, 0, 0, 0, 1, NOW.minusSeconds(50)),
                new RoomSummary(APP, "live_A", 4, 3, 2, 1, 1, 10, NOW.minusSeconds(100)));
    }

    @Test
    void aSearchByRoomOrUserIsCaseInsensitiveAndPartOfTheId() {
        assertThat(RoomSummaries.of(states, new Search(APP, " LIVE_b ", null, 100), app -> true, NOW))
                .extracting(RoomSummary::room).containsExactly("live_B");
        // a user search lists the rooms with such a member, counting all of the room's members
        assertThat(RoomSummaries.of(states, new Search(APP, null, "viewer_9", 100), app -> true, NOW))
                .containsExactly(new RoomSummary(APP, "live_B", 1, 1, 0, 0, 0, 1, NOW.minusSeconds(50)));
        assertThat(RoomSummaries.of(states, new Search(null, null, "nobody", 100), app -> true, NOW)).isEmpty();
    }

    @Test
    void onlyAppsTheTokenMaySeeAreListedAndTheLimitCountsThoseOnly() {
        // Given a token limited to APP and a limit of 1, Then the other app's newer room neither shows nor takes the place
        assertThat(RoomSummaries.of(states, new Search(null, null, null, 1), app -> app == APP, NOW))
                .extracting(RoomSummary::room).containsExactly("live_B");
    }

    @Test
    void aLimitOutside1To1000IsRefused() {
        assertThatThrownBy(() -> new Search(null, null, null, 0)).hasMessage("limit must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> new Search(null, null, null, 1001)).hasMessage("limit must be between 1 and 1000, was 1001");
    }

    @Test
    void whoMadeTheLastChangeReadsInWords() {
        assertThat(RoomSummaries.changedBy(ChangeCause.COMMAND, "moderation:evt-1")).isEqualTo("moderation");
        assertThat(RoomSummaries.changedBy(ChangeCause.COMMAND, "7f0c")).isEqualTo("operator");
        assertThat(RoomSummaries.changedBy(ChangeCause.EVENT, "evt-2")).isEqualTo("callback");
        assertThat(RoomSummaries.changedBy(ChangeCause.RECONCILE, "obs")).isEqualTo("reconcile");
        assertThat(RoomSummaries.changedBy(ChangeCause.EXPIRY, "expiry:x")).isEqualTo("expiry");
        assertThat(RoomSummaries.changedBy(ChangeCause.ROOM_DESTROYED, "evt-3")).isEqualTo("room-ended");
        assertThat(RoomSummaries.changedBy(ChangeCause.UNKNOWN, "")).isEqualTo("none");
    }
}
