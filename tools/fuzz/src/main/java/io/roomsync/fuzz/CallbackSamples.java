package io.roomsync.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real callback bodies the mutations start from: Tencent's documented examples, one per command and the other
 * published variants, copied into this module's resources ({@code io/roomsync/fuzz/callbacks/}, provenance in
 * {@code SOURCES.md} there), so the fuzzer needs nothing outside the project.
 */
final class CallbackSamples {

    /** One documented body and its command. */
    record Sample(String name, String command, ObjectNode body) {
    }

    private static final String DIRECTORY = "/io/roomsync/fuzz/callbacks/";

    private CallbackSamples() {
    }

    static List<Sample> load(ObjectMapper json) {
        List<Sample> samples = new ArrayList<>();
        for (String name : read("index.txt").split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                ObjectNode body = (ObjectNode) json.readTree(read(name.trim()));
                samples.add(new Sample(name.trim(), body.path("CallbackCommand").asText(), body));
            } catch (IOException e) {
                throw new UncheckedIOException("callback sample " + name, e);
            }
        }
        return List.copyOf(samples);
    }

    private static String read(String name) {
        try (InputStream in = CallbackSamples.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIRECTORY + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
