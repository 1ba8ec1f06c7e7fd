package io.roomsync.moderation.adapter.http;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a policy in the HTTP API: the fields of the {@code ModerationPolicy} schema, by the same names.
 * A request states the rules it sets; the others take their documented defaults. Fields the server sets (app,
 * room, revision, who and when) and unknown fields are refused, as are values of the wrong type: a whole number
 * written with a fraction or an exponent ({@code 1.5}, {@code 1.0}, {@code 1e3}) is refused, never truncated. Each
 * problem starts with the path of the value it is about, e.g. {@code ladder[2].seconds}.
 */
final class PolicyDocument {

    /** Deepest nesting a policy needs is 3 (body, ladder, step); a little room, then the parser stops. */
    static final int MAX_NESTING_DEPTH = 8;

    private static final Set<String> SET_BY_SERVER = Set.of("sdkAppId", "room", "revision", "updatedAt", "updatedBy");
    private static final Set<String> STEP_FIELDS = Set.of("offences", "sanction", "seconds");

    /**
     * Jackson reads the body: one JSON value (trailing tokens refused), no key twice in an object (which of two
     * values would apply is not for a parser to guess), nesting bounded, and no float ever bound to an integer.
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private PolicyDocument() {
    }

    /**
     * The body as a JSON tree.
     *
     * @throws IllegalArgumentException when the body is not strict UTF-8 or not one JSON value, in words for the answer
     */
    static JsonNode parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not valid UTF-8");
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Applies the request's fields to {@code policy}; the problems found, empty when all applied. */
    static List<String> apply(JsonNode request, ModerationPolicy policy) {
        List<String> problems = new ArrayList<>();
        if (request == null || !request.isObject()) {
            return List.of("the body is a JSON object of policy fields");
        }
        for (String name : request.propertyNames()) {
            Schema.Field field = ModerationPolicy.getClassSchema().getField(name);
            if (field == null || SET_BY_SERVER.contains(name)) {
                problems.add(name + ": " + (field == null ? "no such field" : "set by the server"));
                continue;
            }
            List<String> found = new ArrayList<>();
            Object value = value(name, request.get(name), found);
            if (found.isEmpty()) {
                policy.put(name, value);
            }
            problems.addAll(found);
        }
        return problems;
    }

    /** The field's value, or null with the problems added to {@code problems}. */
    private static Object value(String name, JsonNode node, List<String> problems) {
        switch (name) {
            case "bannedTerms", "allowedDomains" -> {
                if (!node.isArray()) {
                    problems.add(name + ": a list of strings");
                    return null;
                }
                List<String> values = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    values.add(text(name + "[" + i + "]", node.get(i), problems));
                }
                return values;
            }
            case "bannedTermAction" -> {
                return named(name, TermAction.class, node, problems);
            }
            case "ladder" -> {
                if (!node.isArray()) {
                    problems.add(name + ": a list of steps");
                    return null;
                }
                List<LadderStep> steps = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    steps.add(step(name + "[" + i + "]", node.get(i), problems));
                }
                return steps;
            }
            case "rejectText" -> {
                return text(name, node, problems);
            }
            case "blockLinks", "blockContacts", "exemptAdmins" -> {
                if (!node.isBoolean()) {
                    problems.add(name + ": true or false");
                    return null;
                }
                return node.asBoolean();
            }
            case "offenceMemorySeconds" -> {
                return whole(name, node, Long.MIN_VALUE, Long.MAX_VALUE, problems);
            }
            default -> {
                Long value = whole(name, node, Integer.MIN_VALUE, Integer.MAX_VALUE, problems);
                return value == null ? null : value.intValue();
            }
        }
    }

    private static LadderStep step(String at, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": an object with offences, sanction and seconds");
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!STEP_FIELDS.contains(name)) {
                problems.add(at + "." + name + ": no such field (a step has offences, sanction and seconds)");
            }
        }
        Long offences = whole(at + ".offences", node.path("offences"), Integer.MIN_VALUE, Integer.MAX_VALUE, problems);
        LadderSanction sanction = named(at + ".sanction", LadderSanction.class, node.path("sanction"), problems);
        Long seconds = node.has("seconds") ? whole(at + ".seconds", node.get("seconds"), Long.MIN_VALUE, Long.MAX_VALUE, problems) : Long.valueOf(0);
        return offences == null || sanction == null || seconds == null ? null : new LadderStep(offences.intValue(), sanction, seconds);
    }

    private static <E extends Enum<E>> E named(String at, Class<E> type, JsonNode node, List<String> problems) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).filter(n -> !n.equals("UNKNOWN")).toList();
        if (!node.isString() || !names.contains(node.asString())) {
            problems.add(at + ": one of " + String.join(", ", names));
            return null;
        }
        return Enum.valueOf(type, node.asString());
    }

    private static String text(String at, JsonNode node, List<String> problems) {
        if (!node.isString()) {
            problems.add(at + ": a string");
            return null;
        }
        return node.asString();
    }

    /** A whole number within [min, max]: an integer token, never a fraction, an exponent or a string. */
    private static Long whole(String at, JsonNode node, long min, long max, List<String> problems) {
        if (node.isMissingNode()) {
            problems.add(at + ": missing");
            return null;
        }
        if (!node.isIntegralNumber()) {
            problems.add(at + ": a whole number" + (node.isNumber() ? ", got " + node.asString() : ""));
            return null;
        }
        if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problems.add(at + ": a whole number between " + min + " and " + max);
            return null;
        }
        return node.asLong();
    }

    /** The policy as the API shows it. */
    static Map<String, Object> view(ModerationPolicy policy, boolean inherited) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (Schema.Field field : ModerationPolicy.getClassSchema().getFields()) {
            Object value = policy.get(field.name());
            if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof LadderStep) {
                value = list.stream().map(step -> Map.of("offences", ((LadderStep) step).getOffences(),
                        "sanction", ((LadderStep) step).getSanction().name(), "seconds", ((LadderStep) step).getSeconds())).toList();
            } else if (value instanceof Enum<?> || value instanceof java.time.Instant || value instanceof CharSequence) {
                value = value.toString();
            }
            view.put(field.name(), value);
        }
        view.put("inherited", inherited);
        return view;
    }
}
