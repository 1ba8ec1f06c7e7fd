package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
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
    @ValueSource(strings = {"jared", "viewer_42", "123456", "a-b.c@d", "12345678901234567890123456789012"})
    void acceptsUserIds(String userId) {
        assertThat(Ids.isValidUserId(userId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "with space", "123456789012345678901234567890123", "用户"})
    void refusesBadUserIds(String userId) {
        assertThat(Ids.isValidUserId(userId)).isFalse();
    }

    @Test
    void memberKeyRoundTripsEvenWhenTheGroupIdHasSlashes() {
        // Given a group id containing '/', which Tencent allows
        String key = Keys.member(1400000000L, "live/8812", "viewer_42");

        // When the key is parsed
        Keys.MemberKey parsed = Keys.parseMember(key);

        // Then every part comes back
        assertThat(key).isEqualTo("1400000000/live/8812/viewer_42");
        assertThat(parsed).isEqualTo(new Keys.MemberKey(1400000000L, "live/8812", "viewer_42"));
    }

    @Test
    void aRoomsMemberKeysStartWithItsMemberPrefixWhichStartsWithItsAppRoomKey() {
        // Given an app's room, whose group id has a slash
        String appRoom = Keys.appRoom(1400000000L, "live/8812");

        // Then the keys nest: app/room, app/room/, app/room/user
        assertThat(appRoom).isEqualTo("1400000000/live/8812");
        assertThat(Keys.memberPrefix(1400000000L, "live/8812")).isEqualTo("1400000000/live/8812/");
        assertThat(Keys.member(1400000000L, "live/8812", "viewer_42")).isEqualTo("1400000000/live/8812/viewer_42");
        assertThat(Keys.policy(1400000000L, "live/8812")).isEqualTo(appRoom);
    }

    @Test
    void refusesAKeyWithoutThreeParts() {
        assertThatThrownBy(() -> Keys.parseMember("1400000000/viewer_42")).isInstanceOf(IllegalArgumentException.class);
    }
}
