package io.roomsync.contract;

import java.util.OptionalLong;

/**
 * Decimal integers as they may appear in roomsync's inputs (a callback's query or body, an API's parameters): ASCII
 * digits {@code 0-9} only. The JDK's
 * {@link Long#parseLong} also accepts other scripts' digits (full-width {@code １}, Arabic-Indic, ...) and a leading
 * {@code +}; nothing Tencent sends has those, so they are refused here, as is a value outside the range of a long.
 */
public final class Decimals {

    /** Digits of {@link Long#MAX_VALUE}: anything longer cannot fit. */
    private static final int MAX_DIGITS = 19;

    private Decimals() {
    }

    /** {@code text} as a non-negative long: 1-19 ASCII digits (leading zeros allowed), no sign, no spaces. */
    public static OptionalLong unsigned(String text) {
        return parse(text, 0);
    }

    /** {@code text} as a long: an optional {@code -} and 1-19 ASCII digits, as a JSON integer is written. */
    public static OptionalLong signed(String text) {
        return parse(text, text != null && text.startsWith("-") ? 1 : 0);
    }

    /**
     * {@code text} in the canonical form of a positive number: ASCII digits without a sign or a leading zero, so one
     * number has exactly one spelling (an app id written {@code 01400000000} or {@code +1400000000} is refused).
     */
    public static OptionalLong canonicalPositive(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        return parse(text, 0);
    }

    /** {@code text} in the canonical form of a non-negative number: {@code 0}, or as {@link #canonicalPositive}. */
    public static OptionalLong canonicalUnsigned(String text) {
        return "0".equals(text) ? OptionalLong.of(0) : canonicalPositive(text);
    }

    private static OptionalLong parse(String text, int firstDigit) {
        if (text == null || text.length() <= firstDigit || text.length() - firstDigit > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = firstDigit; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            // Only ASCII digits are left: parseLong now fails only on overflow (19 digits above Long.MAX_VALUE).
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
    }
}
