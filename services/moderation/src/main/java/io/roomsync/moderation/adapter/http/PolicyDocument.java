package io.roomsync.moderation.adapter.http;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import tools.jackson.databind.JsonNode;

/**
 * The JSON form of a policy in the HTTP API: the fields of the {@code ModerationPolicy} schema, by the same names.
 * A request states the rules it sets; the others take their documented defaults. Fields the server sets (app,
 * room, revision, who and when) and unknown fields are refused, as are values of the wrong type.
 */
final class PolicyDocument {

    private static final Set<String> SET_BY_SERVER = Set.of("sdkAppId", "room", "revision", "updatedAt", "updatedBy");

    private PolicyDocument() {
    }

    /** Applies the request's fields to {@code policy}; the problems found, empty when all applied. */
    static List<String> apply(JsonNode request, ModerationPolicy policy) {
        List<String> problems = new ArrayList<>();
        if (!request.isObject()) {
            return List.of("the body is a JSON object of policy fields");
        }
        for (String name : request.propertyNames()) {
            Schema.Field field = ModerationPolicy.getClassSchema().getField(name);
            if (field == null || SET_BY_SERVER.contains(name)) {
                problems.add(name + ": " + (field == null ? "no such field" : "set by the server"));
                continue;
            }
            try {
                policy.put(name, value(name, request.get(name)));
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static Object value(String name, JsonNode node) {
        switch (name) {
            case "bannedTerms", "allowedDomains" -> {
                List<String> values = new ArrayList<>();
                for (JsonNode item : array(node)) {
                    if (!item.isString()) {
                        throw new IllegalArgumentException("a list of strings");
                    }
                    values.add(item.asString());
                }
                return values;
            }
            case "bannedTermAction" -> {
                return named(TermAction.class, node);
            }
            case "ladder" -> {
                List<LadderStep> steps = new ArrayList<>();
                for (JsonNode step : array(node)) {
                    steps.add(new LadderStep(integer(step.path("offences")),
                            named(LadderSanction.class, step.path("sanction")), step.path("seconds").asLong(0)));
                }
                return steps;
            }
            case "rejectText" -> {
                return text(node);
            }
            case "blockLinks", "blockContacts", "exemptAdmins" -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("true or false");
                }
                return node.asBoolean();
            }
            case "offenceMemorySeconds" -> {
                if (!node.canConvertToLong()) {
                    throw new IllegalArgumentException("a whole number");
                }
                return node.asLong();
            }
            default -> {
                return integer(node);
            }
        }
    }

    private static <E extends Enum<E>> E named(Class<E> type, JsonNode node) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).filter(n -> !n.equals("UNKNOWN")).toList();
        if (!node.isString() || !names.contains(node.asString())) {
            throw new IllegalArgumentException("one of " + String.join(", ", names));
        }
        return Enum.valueOf(type, node.asString());
    }

    private static JsonNode array(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("a list");
        }
        return node;
    }

    private static String text(JsonNode node) {
        if (!node.isString()) {
            throw new IllegalArgumentException("a string");
        }
        return node.asString();
    }

    private static int integer(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException("a whole number");
        }
        return node.asInt();
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
