package io.roomsync.ingest.domain;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reading of Tencent's callback fields: what is absent or null reads as null, numbers may come as strings
 * (EventTime is a string in some of Tencent's pages and a number in others) and ids may come as numbers. A field
 * that is present but cannot mean what it should is a {@link BadField}.
 */
final class JsonFields {

    /** A present field of the wrong shape; its name ends up in the 400 reply. */
    static final class BadField extends RuntimeException {
        BadField(String field, String expected) {
            super(field + " must be " + expected);
        }
    }

    private JsonFields() {
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        throw new BadField(field, "a string");
    }

    static String requiredText(JsonNode parent, String field) {
        String value = text(parent, field);
        if (value == null || value.isEmpty()) {
            throw new BadField(field, "present");
        }
        return value;
    }

    static Long number(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString()) {
            String value = node.stringValue().trim();
            if (value.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new BadField(field, "an integer");
            }
        }
        throw new BadField(field, "an integer");
    }

    /** The {@code Member_Account} of each element of an account list such as NewMemberList; empty when absent. */
    static List<String> accounts(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        List<String> accounts = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return accounts;
        }
        if (!node.isArray()) {
            throw new BadField(field, "an array");
        }
        for (JsonNode element : node) {
            String account = element.isObject() ? text(element, "Member_Account") : element.isString() ? element.stringValue() : null;
            if (account == null || account.isEmpty()) {
                throw new BadField(field + "[].Member_Account", "present");
            }
            accounts.add(account);
        }
        return accounts;
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadField(field, "an object");
        }
        return node;
    }

    static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadField(field, "an array");
        }
        return node;
    }
}
