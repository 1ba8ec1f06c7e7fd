package io.roomsync.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.SimpleTypeConverter;
import org.springframework.beans.TypeMismatchException;

/** Whole numbers in request parameters: canonical ASCII digits only (issue 12, case 5, on the APIs). */
class AsciiNumbersTest {

    @Test
    void readsCanonicalAsciiDigits() {
        assertThat(AsciiNumbers.parseLong("1400000000")).isEqualTo(1_400_000_000L);
        assertThat(AsciiNumbers.parseLong("0")).isZero();
        assertThat(AsciiNumbers.parseLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "+1", "-1", "01400000000", "１４００００００００", "1.5", "1e3", "0x10",
            "9223372036854775808", "99999999999999999999", "١٢٣"})
    void refusesEverythingElse(String text) {
        assertThatThrownBy(() -> AsciiNumbers.parseLong(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a whole number in canonical ASCII digits");
    }

    @Test
    void replacesSpringsLenientReadingOfLongsAndInts() {
        // Given Spring's own type conversion, which reads full-width digits, a plus sign, and "" as absent
        SimpleTypeConverter spring = new SimpleTypeConverter();
        assertThat(spring.convertIfNecessary("１４", Long.class)).isEqualTo(14L);
        assertThat(spring.convertIfNecessary("+14", Long.class)).isEqualTo(14L);

        // When the strict readers are registered, Then the same texts are refused, and ASCII digits still read
        SimpleTypeConverter strict = new SimpleTypeConverter();
        AsciiNumbers.register(strict);
        for (String text : new String[] {"１４", "+14", "", "014"}) {
            assertThatThrownBy(() -> strict.convertIfNecessary(text, Long.class)).as(text).isInstanceOf(TypeMismatchException.class);
            assertThatThrownBy(() -> strict.convertIfNecessary(text, int.class)).as(text).isInstanceOf(TypeMismatchException.class);
        }
        assertThatThrownBy(() -> strict.convertIfNecessary("2147483648", Integer.class)).isInstanceOf(TypeMismatchException.class);
        assertThat(strict.convertIfNecessary("14", Long.class)).isEqualTo(14L);
        assertThat(strict.convertIfNecessary("20", int.class)).isEqualTo(20);
    }
}
