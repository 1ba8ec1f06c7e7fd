package io.roomsync.fuzz;

/** Requests and answers as one line of text for a report: cut short, every byte or char that is not printable escaped. */
final class Printable {

    private Printable() {
    }

    /** Bytes as ASCII text, other bytes as {@code \xNN}, at most {@code max} of them shown. */
    static String bytes(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return out + (bytes.length > max ? "... (" + (bytes.length - max) + " more)" : "");
    }

    /** Text with control and non-ASCII characters as {@code \\uXXXX}, at most {@code max} characters shown. */
    static String cut(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), max); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out + (text.length() > max ? "... (" + (text.length() - max) + " more)" : "");
    }
}
