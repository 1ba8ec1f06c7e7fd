package io.roomsync.ingest.adapter.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A URL query string as name to first value, decoded leniently (a malformed escape is kept as written). */
final class QueryString {

    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    static QueryString parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        return new QueryString(values);
    }

    String get(String name) {
        return values.get(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
