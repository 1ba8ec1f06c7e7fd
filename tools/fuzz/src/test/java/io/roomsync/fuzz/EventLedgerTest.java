package io.roomsync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventLedgerTest {

    @Test
    void theTopicHoldingEachAcceptedCallbackAsOftenAsAcceptedIsExact() {
        EventLedger.Result result = EventLedger.compare(Map.of("a", 1, "b", 2), Set.of("c"), Set.of(), Map.of("a", 1, "b", 2));
        assertThat(result).isEqualTo(new EventLedger.Result(3, 3, List.of(), List.of(), 0, 0));
        assertThat(result.exact()).isTrue();
    }

    @Test
    void aMissingEventAndAPublishedRefusalAreNamed() {
        // Given a accepted but absent, and c refused but on the topic
        EventLedger.Result result = EventLedger.compare(Map.of("a", 1), Set.of("c"), Set.of(), Map.of("c", 1));

        // Then both are named
        assertThat(result.missing()).containsExactly("a (accepted 1x, on the topic 0x)");
        assertThat(result.surplus()).containsExactly("c (accepted 0x, on the topic 1x)");
        assertThat(result.exact()).isFalse();
    }

    @Test
    void aLatePublishAfterA503AndAnotherClientsEventAreOnlyCounted() {
        EventLedger.Result result = EventLedger.compare(Map.of(), Set.of(), Set.of("late"), Map.of("late", 1, "other", 2));
        assertThat(result).isEqualTo(new EventLedger.Result(0, 3, List.of(), List.of(), 1, 2));
        assertThat(result.exact()).isTrue();
    }

    @Test
    void anAcceptedCallbackOnTheTopicTwiceIsASurplus() {
        assertThat(EventLedger.compare(Map.of("a", 1), Set.of(), Set.of(), Map.of("a", 2)).surplus())
                .containsExactly("a (accepted 1x, on the topic 2x)");
    }
}
