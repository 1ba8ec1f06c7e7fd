package io.roomsync.teststack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaModeTest {

    @Test
    void autoTakesTestcontainersOnlyWhenDockerAnswers() {
        assertThat(KafkaMode.choose("auto", () -> true)).isEqualTo(KafkaMode.TESTCONTAINERS);
        assertThat(KafkaMode.choose("auto", () -> false)).isEqualTo(KafkaMode.LOCAL);
    }

    @Test
    void anExplicitChoiceDoesNotAskDocker() {
        assertThat(KafkaMode.choose("local", () -> { throw new AssertionError("asked Docker"); })).isEqualTo(KafkaMode.LOCAL);
        assertThat(KafkaMode.choose(" TestContainers ", () -> false)).isEqualTo(KafkaMode.TESTCONTAINERS);
    }

    @Test
    void refusesAnUnknownSetting() {
        assertThatThrownBy(() -> KafkaMode.choose("docker", () -> true))
                .hasMessageContaining("auto, local or testcontainers");
    }
}
