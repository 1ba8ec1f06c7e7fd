package io.roomsync.ingest.adapter.http;

import io.roomsync.ingest.domain.StrictUtf8;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A URL query string as name to value, decoded strictly. A parameter of Tencent's callback URL
 * ({@link #CALLBACK_PARAMETERS}) given twice is refused: which of two app ids or signatures counts would be a guess.
 * Other names may repeat (the first value is kept). Decoding: {@code +} is a space, {@code %XY} a byte, and the
 * bytes of each name and value must be well-formed UTF-8 ({@link StrictUtf8}). Tencent sends ASCII query values, so
 * a {@code %} without two hex digits, a raw non-ASCII character, or bytes that are not UTF-8 ({@code %C0%AF}, an
 * overlong {@code /}) are refused, never kept as written nor replaced by U+FFFD.
 */
final class QueryString {

    /** The query cannot be decoded; the message says where, never echoing the value. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** The parameters Tencent's callback URL carries, each once. */
    static final java.util.Set<String> CALLBACK_PARAMETERS = java.util.Set.of("SdkAppid", "CallbackCommand", "contenttype",
            "ClientIP", "OptPlatform", "RequestTime", "Sign");

    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    /** @param query the raw query as sent (after {@code ?}, before any {@code #}), or null */
    static QueryString parse(String query) throws Malformed {
        Map<String, String> values = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (values.putIfAbsent(name, value) != null && CALLBACK_PARAMETERS.contains(name)) {
                    throw new Malformed(name + " is given more than once");
                }
            }
        }
        return new QueryString(values);
    }

    String get(String name) {
        return values.get(name);
    }

    private static String decode(String text) throws Malformed {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1)) || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    throw new Malformed("a % in the query is not followed by two hex digits");
                }
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7f) {
                // A raw non-ASCII character is not URL syntax (RFC 3986): such text must come percent-encoded.
                throw new Malformed("the query holds a byte that is not percent-encoded");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StrictUtf8.decode(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new Malformed("a query value is not UTF-8 once percent-decoded");
        }
    }
}
