package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

    @Test
    void readsAsciiDigitsUpToTheLimitsOfALong() {
        assertThat(Decimals.unsigned("0")).isEqualTo(OptionalLong.of(0));
        assertThat(Decimals.unsigned("0042")).isEqualTo(OptionalLong.of(42));
        assertThat(Decimals.unsigned("9223372036854775807")).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(Decimals.signed("-9223372036854775808")).isEqualTo(OptionalLong.of(Long.MIN_VALUE));
        assertThat(Decimals.signed("-17")).isEqualTo(OptionalLong.of(-17));
        assertThat(Decimals.canonicalPositive("1400000000")).isEqualTo(OptionalLong.of(1400000000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "-1", " 1", "1 ", "1_000", "1e3", "1.0", "0x10",
            "１４００００００００", "١٤٠٠", "߁", "9223372036854775808", "99999999999999999999", "00000000000000000001"})
    void refusesAnythingButAsciiDigitsWithinALong(String text) {
        assertThat(Decimals.unsigned(text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "--1", "-", "1-", "-１", "-9223372036854775809"})
    void aSignedNumberAllowsOnlyOneLeadingMinus(String text) {
        assertThat(Decimals.signed(text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"01400000000", "+1400000000", "0", "00", "１４００００００００", "1400000000 "})
    void theCanonicalFormHasOneSpellingPerNumber(String text) {
        assertThat(Decimals.canonicalPositive(text)).as(text).isEmpty();
    }
}
