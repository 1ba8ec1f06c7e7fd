package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.Random;
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

    @Test
    void agreesWithBigIntegerOnRandomTextOfDigitsSignsAndOtherDigits() {
        // Given 20,000 seeded random strings over ASCII digits, signs, a full-width digit and a space
        Random random = new Random(5);
        String alphabet = "0123456789000999-+１ ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(22); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            // Then a value is read exactly when the text is [-]ASCII digits of at most 19 and fits a long, and it is that value
            boolean shape = candidate.matches("-?[0-9]{1,19}");
            BigInteger exact = shape ? new BigInteger(candidate) : null;
            boolean fits = exact != null && exact.bitLength() < 64;
            assertThat(Decimals.signed(candidate)).as(candidate)
                    .isEqualTo(fits ? OptionalLong.of(exact.longValueExact()) : OptionalLong.empty());
        }
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

    @Test
    void theCanonicalNonNegativeFormAddsZeroAndNothingElse() {
        assertThat(Decimals.canonicalUnsigned("0")).isEqualTo(OptionalLong.of(0));
        assertThat(Decimals.canonicalUnsigned("20")).isEqualTo(OptionalLong.of(20));
        for (String text : new String[] {"00", "01", "-0", "+1", "", "１"}) {
            assertThat(Decimals.canonicalUnsigned(text)).as(text).isEmpty();
        }
    }
}
