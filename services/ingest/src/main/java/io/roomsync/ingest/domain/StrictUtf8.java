package io.roomsync.ingest.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Strict UTF-8 (RFC 3629) as the callback edge reads it: the JDK's decoder set to report, not replace, so an overlong
 * form ({@code C0 AF} for {@code /}), a UTF-8-encoded surrogate ({@code ED A0 80}), a sequence cut short, a byte that
 * cannot start a sequence ({@code 80-BF} alone, {@code F5-FF}) or a code point above U+10FFFF is an error.
 * Jackson's own UTF-8 reader does not refuse every one of these (3.1 reads {@code C0 AF} as {@code /} and
 * {@code F5 80 80 80} as two unpaired surrogates), so bodies are checked here before parsing.
 */
public final class StrictUtf8 {

    private static final int CHUNK_CHARS = 1024;

    private StrictUtf8() {
    }

    /** The offset of the first byte that is not part of well-formed UTF-8, or empty when all of {@code bytes} is. */
    public static OptionalInt firstMalformedByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // The decoded text is not kept: a small buffer is drained whenever it fills.
        CharBuffer out = CharBuffer.allocate(CHUNK_CHARS);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return OptionalInt.of(in.position());
            }
            if (result.isUnderflow()) {
                out.clear();
                return decoder.flush(out).isError() ? OptionalInt.of(in.position()) : OptionalInt.empty();
            }
            out.clear();
        }
    }

    /**
     * {@code bytes} decoded as strict UTF-8.
     *
     * @throws IllegalArgumentException when they are not well-formed UTF-8 (the message gives the byte offset)
     */
    public static String decode(byte[] bytes) {
        OptionalInt malformed = firstMalformedByte(bytes);
        if (malformed.isPresent()) {
            throw new IllegalArgumentException("invalid UTF-8 at byte " + malformed.getAsInt());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code text} holds a surrogate without its partner: what a JSON escape such as {@code "\ud800"} yields,
     * though no UTF-8 text can encode it.
     */
    public static boolean hasLoneSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
