package io.roomsync.fuzz;

import java.util.List;

/** The odd values every family draws from: ids, numbers and texts at and past the limits. */
final class OddValues {

    static final String TWO_TO_63 = "9223372036854775808";
    static final String TWO_TO_64 = "18446744073709551616";

    private OddValues() {
    }

    /** Full-width digits (U+FF10..U+FF19) for each ASCII digit of {@code digits}: Long.parseLong reads them. */
    static String fullWidth(String digits) {
        StringBuilder out = new StringBuilder();
        for (char c : digits.toCharArray()) {
            out.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + (c - '0')) : c);
        }
        return out.toString();
    }

    static String repeat(String unit, int times) {
        return unit.repeat(times);
    }

    /** A domain name of {@code labels} one-letter labels under .com (2,000 labels stalled a backtracking regex). */
    static String domainOfLabels(int labels) {
        return "a.".repeat(labels) + "com";
    }

    /** Ids that a room, member or group id may never be, or must survive: separators, escapes, controls, lengths. */
    record OddId(String value, boolean printableAsciiUpTo48, String what) {
    }

    /** Odd ids built on {@code base} (itself a valid id), each telling whether it is still 1-48 bytes of printable ASCII. */
    static List<OddId> ids(String base) {
        return List.of(
                new OddId(base + "/x", true, "a '/'"),
                new OddId(base + "/", true, "a trailing '/'"),
                new OddId(base + "%2F", true, "a literal %2F"),
                new OddId(base + "%", true, "a '%'"),
                new OddId(base + "\\x", true, "a backslash"),
                new OddId(base + "..", true, "'..'"),
                new OddId(base + "\u0000", false, "a NUL"),
                new OddId(base + "\n", false, "a newline"),
                new OddId(base + "\u001f", false, "a unit separator"),
                new OddId(base + "\u007f", false, "a DEL"),
                new OddId(base + " ", true, "a trailing space"),
                new OddId(base + "x".repeat(49 - base.length()), false, "49 bytes"),
                new OddId(base + "x".repeat(48 - base.length()), true, "48 bytes"),
                new OddId(base + "x".repeat(4000), false, "4,000 bytes"),
                new OddId(base + "房间", false, "non-ASCII"),
                new OddId(base + "\u202e", false, "a right-to-left override"),
                new OddId("", false, "empty"));
    }

    /** Numbers as JSON literals at and past the limits of a long, negative, fractional, and as odd strings. */
    static final List<String> NUMBER_LITERALS = List.of(TWO_TO_63, TWO_TO_64, "-9223372036854775809", "-1", "0",
            "1.5", "1e308", "-0", "1E3", "\"" + fullWidth("1670574414123") + "\"", "\"0x10\"", "\"1670574414123.0\"",
            "\" 1 \"", "\"\"", "\"" + TWO_TO_63 + "\"", "9223372036854775807", "-9223372036854775808", "0.0000001");

    /** Message texts that have made rules slow or blind (issue 12, cases 2 and 9), and plain long ones. */
    static final List<String> TEXTS = List.of(
            "wx" + " ".repeat(600) + "!",
            "wx" + " ".repeat(3000) + "!",
            "a-".repeat(8000) + "x",
            "a.".repeat(5000) + "x",
            "http://" + "a.".repeat(3000) + "com",
            "qq " + "1 ".repeat(3000),
            "\u0455\u0441\u0430m",
            "ｓｃａｍ",
            "1".repeat(12001),
            "x".repeat(30000),
            "s\u200bc\u200ba\u200bm",
            "\u202escam",
            "www." + "x".repeat(300) + ".com");
}
