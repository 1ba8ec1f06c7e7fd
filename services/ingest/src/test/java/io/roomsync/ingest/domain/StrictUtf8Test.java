package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "overlong slash C0 AF, C0AF",
            "overlong NUL C0 80, C080",
            "overlong three-byte E0 80 AF, E080AF",
            "overlong four-byte F0 80 80 AF, F08080AF",
            "high surrogate ED A0 80, EDA080",
            "low surrogate ED BF BF, EDBFBF",
            "surrogate pair as two sequences, EDA0BDEDB880",
            "truncated two-byte C3, C3",
            "truncated three-byte E2 82, E282",
            "truncated four-byte F0 9F 98, F09F98",
            "lone continuation 80, 80",
            "above U+10FFFF F4 90 80 80, F4908080",
            "F5 start byte, F5808080",
            "FE byte, FE",
            "FF byte, FF"})
    void refusesEveryKindOfInvalidUtf8AtItsOffset(String kind, String hex) {
        // Given valid text, then the invalid sequence at offset 3, then valid text
        byte[] invalid = HexFormat.of().parseHex(hex);
        byte[] bytes = concat("ov/".getBytes(StandardCharsets.UTF_8), invalid, "x\"}".getBytes(StandardCharsets.UTF_8));

        // When checked, Then the first malformed byte is at offset 3
        assertThat(StrictUtf8.firstMalformedByte(bytes)).as(kind).isEqualTo(OptionalInt.of(3));
        assertThatThrownBy(() -> StrictUtf8.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid UTF-8 at byte 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "直播间", "naïve café", "emoji 😀 and 𝄞", "\u007f\u0080\u07ff\u0800\uffff"})
    void acceptsWellFormedUtf8OfEveryLength(String text) {
        assertThat(StrictUtf8.firstMalformedByte(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {1023, 1024, 1025, 70_000})
    void checksTextLongerThanItsWorkingBuffer(int length) {
        // Given valid multi-byte text longer than the decoder's 1,024-char buffer, then one bad byte
        byte[] text = "é".repeat(length).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = concat(text, new byte[] {(byte) 0xC0, (byte) 0xAF});

        assertThat(StrictUtf8.firstMalformedByte(text)).isEmpty();
        assertThat(StrictUtf8.firstMalformedByte(bytes)).isEqualTo(OptionalInt.of(text.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a\uD800b|true", "a\uDC00b|true", "end\uD83D|true", "\uDE00start|true",
            "pair \uD83D\uDE00 ok|false", "plain|false"})
    void findsSurrogatesWithoutTheirPartner(String text, boolean lone) {
        assertThat(StrictUtf8.hasLoneSurrogate(text)).isEqualTo(lone);
    }

    @Test
    void agreesWithARoundTripThroughTheJdkOnRandomBytes() {
        // Given 20,000 seeded random byte strings, biased towards the bytes that start and continue sequences
        Random random = new Random(12);
        byte[] alphabet = HexFormat.of().parseHex("41c0c1c2dfe0eded9ff0f4f5ff808f90a0bf");
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            // Then they are well-formed exactly when decoding and encoding again gives the same bytes
            boolean roundTrips = Arrays.equals(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
            assertThat(StrictUtf8.firstMalformedByte(bytes).isEmpty()).as(HexFormat.of().formatHex(bytes)).isEqualTo(roundTrips);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
