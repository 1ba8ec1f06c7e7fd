package io.roomsync.notices.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeProtocolTest {

    private static final MemberNotice ALICE = new MemberNotice("alice", "ADMIN", null, null, 7, 0);
    private static final MemberNotice BOB = new MemberNotice("bob", "MEMBER", 1764064860000L, null, 3, 0);

    @Test
    void oneMemberIsTheSingleForm() {
        assertThat(NoticeProtocol.json("live_1", List.of(BOB))).isEqualTo(
                "{\"type\":\"member.state\",\"v\":1,\"room\":\"live_1\",\"user\":\"bob\",\"role\":\"MEMBER\","
                        + "\"mutedUntil\":1764064860000,\"bannedUntil\":null,\"version\":3}");
    }

    @Test
    void severalMembersAreTheBatchForm() {
        assertThat(NoticeProtocol.json("live \"1\"", List.of(ALICE, BOB))).isEqualTo(
                "{\"type\":\"member.state.batch\",\"v\":1,\"room\":\"live \\\"1\\\"\",\"members\":["
                        + "{\"user\":\"alice\",\"role\":\"ADMIN\",\"mutedUntil\":null,\"bannedUntil\":null,\"version\":7},"
                        + "{\"user\":\"bob\",\"role\":\"MEMBER\",\"mutedUntil\":1764064860000,\"bannedUntil\":null,\"version\":3}]}");
    }

    @Test
    void idsAreEscapedAsVersionOneAlwaysWroteThem() {
        // Given ids with every character JSON escapes, a slash, a line separator and characters beyond ASCII
        String room = "R/a \"q\" \\ \n\t\r\b\f\u0000\u001f\u007f \u2028 é 😀";
        MemberNotice member = new MemberNotice("u/\"\u0001", "ADMIN", null, 5L, 2, 0);

        // When the notice is written
        String json = NoticeProtocol.json(room, List.of(member));

        // Then exactly these bytes: quote and backslash escaped, every control character as a lower-case \\u escape,
        // everything else (slash, DEL, U+2028, non-ASCII) as it is; a restarted service resends the very same bytes
        assertThat(json.getBytes(StandardCharsets.UTF_8)).isEqualTo(("{\"type\":\"member.state\",\"v\":1,"
                + "\"room\":\"R/a \\\"q\\\" \\\\ \\u000a\\u0009\\u000d\\u0008\\u000c\\u0000\\u001f\u007f \u2028 é 😀\","
                + "\"user\":\"u/\\\"\\u0001\",\"role\":\"ADMIN\",\"mutedUntil\":null,\"bannedUntil\":5,\"version\":2}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSameMembersInAnotherOrderMakeTheSameBody() {
        // Tencent drops a resend only when Random and content both repeat: a body must not depend on member order
        assertThat(NoticeProtocol.json("live_1", List.of(BOB, ALICE))).isEqualTo(NoticeProtocol.json("live_1", List.of(ALICE, BOB)));
    }

    @Test
    void theIdDependsOnWhatIsSaidNotOnItsOrder() {
        String id = NoticeProtocol.noticeId(1400000000L, "live_1", List.of(ALICE, BOB));
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(BOB, ALICE))).isEqualTo(id);
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(ALICE))).isNotEqualTo(id);
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1",
                List.of(new MemberNotice("alice", "ADMIN", null, null, 8, 0), BOB))).isNotEqualTo(id);
        assertThat(id).startsWith("ms-").hasSize(35);
    }

    @Test
    void aRoomIdUsedAgainAfterItsRoomWasDestroyedGetsNewNoticeIds() {
        // Given alice at version 1 in room live_1, changed at t=1000, and again at version 1 in a new room live_1
        // (the old one destroyed, its versions forgotten), changed at t=90000
        MemberNotice before = new MemberNotice("alice", "ADMIN", null, null, 1, 1_000);
        MemberNotice after = new MemberNotice("alice", "ADMIN", null, null, 1, 90_000);

        // When their notices are named, Then apart (the same id was taken for a resend and dropped), and a resend of
        // the same state keeps its id
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(after)))
                .isNotEqualTo(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(before)));
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(new MemberNotice("alice", "ADMIN", null, null, 1, 1_000))))
                .isEqualTo(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(before)));
    }

    @Test
    void noTwoRoomsAndMemberListsShareAnIdWhateverTheirIdsContain() {
        // Given room "R|a:1" with b at version 2, and room "R" with a at version 1 and b at version 2: unescaped, both
        // were named "1400000000|R|a:1|b:2"
        MemberNotice a = new MemberNotice("a", "ADMIN", null, null, 1, 0);
        MemberNotice b = new MemberNotice("b", "ADMIN", null, null, 2, 0);
        String oneMemberRoom = NoticeProtocol.noticeId(1400000000L, "R|a:1", List.of(b));
        String twoMemberRoom = NoticeProtocol.noticeId(1400000000L, "R", List.of(a, b));

        // Then their ids differ, as do those of a user id with a separator and of the two users it could be read as
        assertThat(oneMemberRoom).isNotEqualTo(twoMemberRoom);
        assertThat(NoticeProtocol.noticeId(1400000000L, "R", List.of(new MemberNotice("a:1|b", "ADMIN", null, null, 2, 0))))
                .isNotEqualTo(twoMemberRoom);
    }

    @Test
    void anIdIsTheHashOfItsNameWithoutEscapesWhenIdsHaveNoSeparators() {
        // Given ids without '%', '|' or ':' (every id of the local stack), changed at t=0
        // Then the notice id is sha256("1400000000|live_1|alice:7:0|bob:3:0"), first 32 hex digits
        assertThat(NoticeProtocol.noticeId(1400000000L, "live_1", List.of(ALICE, BOB)))
                .isEqualTo("ms-" + sha256("1400000000|live_1|alice:7:0|bob:3:0").substring(0, 32));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRandomIsAThirtyTwoBitNumberOfTheId() {
        long random = NoticeProtocol.random("ms-abc");
        assertThat(random).isBetween(0L, 0xFFFFFFFFL).isEqualTo(NoticeProtocol.random("ms-abc"));
        assertThat(NoticeProtocol.random("ms-abd")).isNotEqualTo(random);
    }
}
