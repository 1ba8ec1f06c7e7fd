package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the composite keys over ids Tencent accepts: exhaustively over every id of up to three characters
 * drawn from the characters the escape concerns, and over seeded random printable-ASCII ids (the seed is fixed, so a
 * failure repeats).
 */
class KeysPropertiesTest {

    private static final long APP = 1400000000L;
    /** The separator, the escape character, the letters of the escapes, and a plain letter. */
    private static final String TRICKY = "/%2F5a";

    @Test
    void noTwoTriplesOfTrickyIdsShareAKeyAndEveryKeyParsesBack() {
        // Given every room and member id of 1 to 3 characters over "/%2F5a" (258 ids each, 66,564 pairs)
        List<String> ids = allIds(TRICKY, 3);
        Map<String, Keys.MemberKey> owners = new HashMap<>();

        // When each pair is keyed
        for (String room : ids) {
            for (String user : ids) {
                Keys.MemberKey triple = new Keys.MemberKey(APP, room, user);
                Keys.MemberKey earlier = owners.put(Keys.member(APP, room, user), triple);

                // Then no other pair had that key, and the key parses back to the pair
                assertThat(earlier).as("key shared with %s", triple).isNull();
                assertThat(Keys.parseMember(Keys.member(APP, room, user))).isEqualTo(triple);
            }
        }
        assertThat(owners).hasSize(ids.size() * ids.size());
    }

    @Test
    void aRoomsPrefixFindsTheMembersOfThatRoomOnly() {
        // Given every room id of 1 to 3 characters over "/%2F5a", and member ids over the same characters
        List<String> rooms = allIds(TRICKY, 3);
        List<String> users = allIds(TRICKY, 2);

        for (String room : rooms) {
            String prefix = Keys.memberPrefix(APP, room);
            for (String other : rooms) {
                for (String user : users) {
                    // Then a member key starts with the room's prefix exactly when it is of that room
                    assertThat(Keys.member(APP, other, user).startsWith(prefix)).isEqualTo(room.equals(other));
                }
            }
        }
    }

    @Test
    void randomPrintableIdsRoundTripAndPlainOnesAreUnchanged() {
        // Given 20,000 random printable-ASCII rooms and members of up to 48 and 32 characters (seed 12)
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            long app = random.nextLong() & Long.MAX_VALUE;
            String room = printable(random, 1 + random.nextInt(Ids.MAX_GROUP_ID_BYTES));
            String user = printable(random, 1 + random.nextInt(Ids.MAX_USER_ID_BYTES));

            // When keyed
            String key = Keys.member(app, room, user);

            // Then the key parses back, and an id with neither '%' nor '/' appears in it as it is
            assertThat(Keys.parseMember(key)).isEqualTo(new Keys.MemberKey(app, room, user));
            if (plain(room) && plain(user)) {
                assertThat(key).isEqualTo(app + "/" + room + "/" + user);
            }
        }
    }

    private static boolean plain(String id) {
        return id.indexOf('%') < 0 && id.indexOf('/') < 0;
    }

    /** Printable ASCII, with '%' and '/' drawn a quarter of the time so that escapes are common. */
    private static String printable(Random random, int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int draw = random.nextInt(8);
            id.append(draw == 0 ? '%' : draw == 1 ? '/' : (char) (' ' + random.nextInt('~' - ' ' + 1)));
        }
        return id.toString();
    }

    /** Every string of 1 to maxLength characters over the alphabet. */
    private static List<String> allIds(String alphabet, int maxLength) {
        List<String> ids = new ArrayList<>();
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> current = new ArrayList<>();
            for (String prefix : previous) {
                for (char c : alphabet.toCharArray()) {
                    current.add(prefix + c);
                }
            }
            ids.addAll(current);
            previous = current;
        }
        return ids;
    }
}
