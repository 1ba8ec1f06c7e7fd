package io.roomsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomRateTest {

    @Test
    void carriesFortyOrdinaryMessagesASecondAndDropsTheRest() {
        RoomRate rate = new RoomRate(40);
        int delivered = 0;
        for (int i = 0; i < 100; i++) {
            delivered += rate.admit(i % 2 == 0 ? "Normal" : "Low", 5_000) ? 1 : 0;
        }
        assertThat(delivered).isEqualTo(40);
    }

    @Test
    void aChatFloodNeverPushesOutHighPriorityMessages() {
        // Given a second already full of chat
        RoomRate rate = new RoomRate(40);
        for (int i = 0; i < 40; i++) {
            rate.admit("Normal", 5_000);
        }
        // When High messages come in the same second
        int high = 0;
        for (int i = 0; i < 50; i++) {
            high += rate.admit("High", 5_999) ? 1 : 0;
        }
        // Then forty of them get through, and chat still cannot
        assertThat(high).isEqualTo(40);
        assertThat(rate.admit("Normal", 5_999)).isFalse();
    }

    @Test
    void everySecondStartsAfresh() {
        RoomRate rate = new RoomRate(2);
        assertThat(rate.admit("Normal", 1_000)).isTrue();
        assertThat(rate.admit("Normal", 1_500)).isTrue();
        assertThat(rate.admit("Normal", 1_999)).isFalse();
        assertThat(rate.admit("Normal", 2_000)).isTrue();
    }
}
