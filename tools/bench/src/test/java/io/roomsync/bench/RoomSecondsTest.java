package io.roomsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The busiest room-second that the notices suite sets beside notice-dispatch's room budget. */
class RoomSecondsTest {

    @Test
    void fiveMessagesASecondApartInARoomAreFiveEvenAcrossACalendarSecond() {
        // Given a room whose messages Tencent accepted 200 ms apart, from 0.9 s on (across the calendar second)
        RoomSeconds seconds = new RoomSeconds();
        for (long at : new long[] {900, 1100, 1300, 1500, 1700, 1900, 2100}) {
            seconds.record("room_a", at);
        }

        // Then the busiest window of 1,000 ms holds five of them: 900-1899 or any later one
        assertThat(seconds.busiest()).isEqualTo(5);
    }

    @Test
    void aSixthMessageWithinASecondOfTheFirstCountsWhereverTheWindowLies() {
        // Given six messages within 999 ms that straddle a calendar second, recorded out of order
        RoomSeconds seconds = new RoomSeconds();
        for (long at : new long[] {1999, 1500, 1001, 1200, 1300, 1400}) {
            seconds.record("room_a", at);
        }

        // Then the busiest window holds all six
        assertThat(seconds.busiest()).isEqualTo(6);
    }

    @Test
    void roomsAreCountedApartAndTheBusiestRoomIsTheAnswer() {
        // Given three messages of one room and four of another in the same 100 ms
        RoomSeconds seconds = new RoomSeconds();
        for (int i = 0; i < 3; i++) {
            seconds.record("room_a", 5_000 + i);
        }
        for (int i = 0; i < 4; i++) {
            seconds.record("room_b", 5_050 + i);
        }

        // Then the busiest room-second is room_b's four, not the seven of both
        assertThat(seconds.busiest()).isEqualTo(4);

        // And after a clear, none
        seconds.clear();
        assertThat(seconds.busiest()).isZero();
    }

    @Test
    void messagesExactlyASecondApartFallInDifferentWindows() {
        // Given two messages 1,000 ms apart
        RoomSeconds seconds = new RoomSeconds();
        seconds.record("room_a", 10_000);
        seconds.record("room_a", 11_000);

        // Then no window of 1,000 ms holds both
        assertThat(seconds.busiest()).isEqualTo(1);
    }
}
