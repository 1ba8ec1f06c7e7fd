package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimClientConfigTest {

    @Test
    void defaultsAreTencentsLimitsAndAReadTimeoutAboveItsProcessingTime() {
        TimClientConfig config = TimClientConfig.ofDefaults();
        assertThat(config.ratePerSecond()).isEqualTo(200);
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.userSigValidity()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesValuesThatCannotWork() {
        assertThatThrownBy(() -> TimClientConfig.custom().ratePerSecond(0).build()).hasMessageContaining("ratePerSecond");
        assertThatThrownBy(() -> TimClientConfig.custom().readTimeout(Duration.ofSeconds(3)).build())
                .hasMessageContaining("Tencent's 3 s processing time");
        assertThatThrownBy(() -> TimClientConfig.custom().minimumCalls(30).slidingWindowSize(20).build())
                .hasMessageContaining("minimumCalls");
        assertThatThrownBy(() -> TimClientConfig.custom().backoffJitter(1.0).build()).hasMessageContaining("backoffJitter");
        assertThatThrownBy(() -> TimClientConfig.custom().initialBackoff(Duration.ofSeconds(10)).build())
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void aBuilderFromAConfigKeepsItsValues() {
        TimClientConfig config = TimClientConfig.custom().ratePerSecond(50).maxAttempts(3).build();
        TimClientConfig copy = config.toBuilder().build();
        assertThat(copy.ratePerSecond()).isEqualTo(50);
        assertThat(copy.maxAttempts()).isEqualTo(3);
    }

    @Test
    void errorCodesAreClassifiedAsTheReferenceSays() {
        assertThat(TimErrorKind.of(10002)).isEqualTo(TimErrorKind.RETRYABLE);
        assertThat(TimErrorKind.of(60007)).isEqualTo(TimErrorKind.RETRYABLE);
        assertThat(TimErrorKind.of(10023)).isEqualTo(TimErrorKind.RETRYABLE);
        assertThat(TimErrorKind.of(70001)).isEqualTo(TimErrorKind.RENEW_SIGNATURE);
        assertThat(TimErrorKind.of(10004)).isEqualTo(TimErrorKind.PERMANENT);
        assertThat(TimErrorKind.of(10010)).isEqualTo(TimErrorKind.PERMANENT);
        assertThat(TimErrorKind.of(70009)).isEqualTo(TimErrorKind.PERMANENT);
    }
}
