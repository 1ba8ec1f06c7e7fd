package io.roomsync.notices.domain;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON writer of what clients read (notices and the room snapshot): Jackson, set to write the very bytes version 1
 * of the notice protocol was first written with, so that a service restarted on a new build resends a notice
 * byte-identical (Tencent drops a resend only when its Random and its content repeat).
 *
 * <p>Members are written in the order the code puts them into the {@link ObjectNode} (insertion order, the same in
 * every JVM). Strings: {@code "} and {@code \} escaped, every control character U+0000..U+001F as a lower-case
 * {@code \}{@code u00xx} escape (also newline and tab, which Jackson would otherwise shorten to {@code \n},
 * {@code \t}), and everything else as it is: {@code /}, DEL, U+2028 and all non-ASCII characters.
 */
final class ProtocolJson {

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .characterEscapes(new ControlCharactersAsUnicodeEscapes())
                    .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .build())
            .build();

    private ProtocolJson() {
    }

    /** A new, empty JSON object; its members are written in the order they are put. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The object as JSON text, without whitespace. */
    static String write(ObjectNode json) {
        return JSON.writeValueAsString(json);
    }

    /** JSON's standard escapes, except that no control character gets a short form such as {@code \n}. */
    private static final class ControlCharactersAsUnicodeEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlCharactersAsUnicodeEscapes() {
            for (int c = 0; c < 0x20; c++) {
                ascii[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // No character is escaped in a custom way.
            return null;
        }
    }
}
