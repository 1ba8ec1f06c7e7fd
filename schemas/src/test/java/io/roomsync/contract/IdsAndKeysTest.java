package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdsAndKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"@TGS#2J4SZEAEL", "@TGS#aXYZ", "live_8812", "1213456", "room with space",
            "123456789012345678901234567890123456789012345678"})
    void acceptsTencentGroupIds(String groupId) {
        assertThat(Ids.isValidGroupId(groupId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1234567890123456789012345678901234567890123456789", "tab\there", "直播间", "nul\0"})
    void refusesWhatTencentWouldRefuseAsGroupId(String groupId) {
        assertThat(Ids.isValidGroupId(groupId)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jared", "viewer_42", "123456", "a-b.c@d", "12345678901234567890123456789012", "a/b", "100%"})
    void acceptsUserIds(String userId) {
        assertThat(Ids.isValidUserId(userId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "123456789012345678901234567890123", "用户"})
    void refusesBadUserIds(String userId) {
        assertThat(Ids.isValidUserId(userId)).isFalse();
    }

    @Test
    void memberKeyRoundTripsEvenWhenTheGroupIdHasSlashes() {
        // Given a group id containing '/', which Tencent allows
        String key = Keys.member(1400000000L, "live/8812", "viewer_42");

        // When the key is parsed
        Keys.MemberKey parsed = Keys.parseMember(key);

        // Then the slash is escaped in the key, and every part comes back
        assertThat(key).isEqualTo("1400000000/live%2F8812/viewer_42");
        assertThat(parsed).isEqualTo(new Keys.MemberKey(1400000000L, "live/8812", "viewer_42"));
    }

    @Test
    void roomRSlashAMemberBAndRoomRMemberASlashBHaveDifferentKeys() {
        // Given the two members of issue 12, case 3: b in room R/a, and a/b in room R
        String inRoomRa = Keys.member(1400000000L, "R/a", "b");
        String inRoomR = Keys.member(1400000000L, "R", "a/b");

        // Then their keys differ, and each parses back to its own member
        assertThat(inRoomRa).isEqualTo("1400000000/R%2Fa/b");
        assertThat(inRoomR).isEqualTo("1400000000/R/a%2Fb");
        assertThat(Keys.parseMember(inRoomRa)).isEqualTo(new Keys.MemberKey(1400000000L, "R/a", "b"));
        assertThat(Keys.parseMember(inRoomR)).isEqualTo(new Keys.MemberKey(1400000000L, "R", "a/b"));
    }

    @Test
    void aRoomsMemberPrefixDoesNotStartTheKeysOfARoomWhoseIdItStarts() {
        // Given room "a" and room "a/b" of one app
        String prefixOfA = Keys.memberPrefix(1400000000L, "a");

        // Then a member of room "a/b" is not found by a prefix scan of room "a", a member of "a" is
        assertThat(Keys.member(1400000000L, "a/b", "c")).doesNotStartWith(prefixOfA);
        assertThat(Keys.member(1400000000L, "a", "b/c")).startsWith(prefixOfA);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "live_8812    | viewer_42 | 1400000000/live_8812/viewer_42",
            "@TGS#2J4SZEA | jared     | 1400000000/@TGS#2J4SZEA/jared",
            "room with space | a-b.c@d | 1400000000/room with space/a-b.c@d",
            "100%         | 50%       | 1400000000/100%25/50%25",
            "a%2Fb        | %2F       | 1400000000/a%252Fb/%252F",
            "/            | /         | 1400000000/%2F/%2F",
            "%            | %%        | 1400000000/%25/%25%25"})
    void escapesPercentAndSlashOnlyAndLeavesEveryOtherIdByteIdentical(String room, String user, String expected) {
        // When a member key is made
        String key = Keys.member(1400000000L, room, user);

        // Then it is exactly the expected key, and parses back to the same triple
        assertThat(key).isEqualTo(expected);
        assertThat(Keys.parseMember(key)).isEqualTo(new Keys.MemberKey(1400000000L, room, user));
    }

    @Test
    void appRoomAndPolicyKeysEscapeTheRoomAndParseBack() {
        // Given an app's room whose group id has a slash and a percent sign
        String appRoom = Keys.appRoom(1400000000L, "live/8812%");

        // Then the keys nest: app/room, app/room/, app/room/user, and the room key parses back
        assertThat(appRoom).isEqualTo("1400000000/live%2F8812%25");
        assertThat(Keys.memberPrefix(1400000000L, "live/8812%")).isEqualTo("1400000000/live%2F8812%25/");
        assertThat(Keys.member(1400000000L, "live/8812%", "viewer_42")).isEqualTo("1400000000/live%2F8812%25/viewer_42");
        assertThat(Keys.policy(1400000000L, "live/8812%")).isEqualTo(appRoom);
        assertThat(Keys.policy(1400000000L, Keys.APP_DEFAULT_ROOM)).isEqualTo("1400000000/*");
        assertThat(Keys.parseAppRoom(appRoom)).isEqualTo(new Keys.AppRoom(1400000000L, "live/8812%"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1400000000/viewer_42", "1400000000/live/8812/viewer_42", "1400000000/R%2/b",
            "1400000000/R%2f/b", "1400000000/R%41/b", "1400000000/R%/b", "01400000000/R/b", "+1400000000/R/b",
            "x/R/b", "99999999999999999999/R/b"})
    void refusesWhatMemberNeverMakes(String key) {
        // When a key no member key is (two parts, an unescaped slash of an earlier version, a stray or lower-case
        // escape, a non-canonical app id) is parsed
        // Then it is refused, and tryParseMember finds nothing
        assertThatThrownBy(() -> Keys.parseMember(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Keys.tryParseMember(key)).isEmpty();
    }

    @Test
    void escapesTheSeparatorsItIsGiven() {
        // Given names joined by '|' and ':'
        // Then '%', '|' and ':' are written %XX, everything else stays, and an id without them is unchanged
        assertThat(Keys.escape("a|b:c%d/e", "|:")).isEqualTo("a%7Cb%3Ac%25d/e");
        assertThat(Keys.escape("viewer_42", "|:")).isSameAs("viewer_42");
    }

    @Test
    void ofAndPartsAreInverse() {
        // Given parts with separators and escapes in them
        String key = Keys.of("1400000000", "R/a", "%2F", "");

        // Then the key parses back to the very same parts
        assertThat(key).isEqualTo("1400000000/R%2Fa/%252F/");
        assertThat(Keys.parts(key)).containsExactly("1400000000", "R/a", "%2F", "");
    }
}
