package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NarrativeTest {

    @Test
    void upToFiveNamesArePrintedWhole() {
        // Given five viewers, When named, Then all five in order
        assertThat(Narrative.names(List.of("v1", "v2", "v3", "v4", "v5"))).isEqualTo("[v1, v2, v3, v4, v5]");
    }

    @Test
    void beyondFiveTheRestAreCounted() {
        // Given 133 viewers, When named, Then the first five and the count of the rest
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 133).mapToObj(i -> "v" + i).toList();
        assertThat(Narrative.names(many)).isEqualTo("[v1, v2, v3, v4, v5] and 128 more");
    }
}
