package io.roomsync.ingest.domain;

import io.roomsync.contract.Decimals;
import io.roomsync.contract.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reading of Tencent's callback fields: what is absent or null reads as null, numbers may come as strings
 * (EventTime is a string in some of Tencent's pages and a number in others) and ids may come as numbers. A field
 * that is present but cannot mean what it should is a {@link BadField}: a number not written in ASCII digits or
 * outside 64 bits, and a member that is not a user id Tencent could send ({@link Ids#isValidUserId}).
 */
final class JsonFields {

    /** A present field of the wrong shape; its name ends up in the 400 reply. */
    static final class BadField extends RuntimeException {
        BadField(String field, String expected) {
            super(field + " must be " + expected);
        }
    }

    private static final String AN_INTEGER = "an integer (a JSON integer, or a string of ASCII digits) within 64 bits";
    private static final String A_USER_ID = "a user id: 1-" + Ids.MAX_USER_ID_BYTES + " bytes of printable ASCII without space";

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
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            throw new BadField(field, AN_INTEGER);
        }
        if (node.isString()) {
            String value = node.stringValue();
            if (value.isEmpty()) {
                return null;
            }
            OptionalLong parsed = Decimals.signed(value);
            if (parsed.isPresent()) {
                return parsed.getAsLong();
            }
        }
        throw new BadField(field, AN_INTEGER);
    }

    /** Like {@link #number}, for a field Tencent documents as a 32-bit integer (such as ErrorCode). */
    static Integer intNumber(JsonNode parent, String field) {
        Long value = number(parent, field);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new BadField(field, "a 32-bit integer");
        }
        return value.intValue();
    }

    /** A field naming a member (a Tencent UserID), or null when absent or empty; refused unless a valid user id. */
    static String member(JsonNode parent, String field) {
        String value = text(parent, field);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return checkedMember(value, field);
    }

    /** A field naming a member that the callback cannot do without. */
    static String requiredMember(JsonNode parent, String field) {
        return checkedMember(requiredText(parent, field), field);
    }

    private static String checkedMember(String value, String field) {
        if (!Ids.isValidUserId(value)) {
            throw new BadField(field, A_USER_ID);
        }
        return value;
    }

    /**
     * The {@code Member_Account} of each element of an account list such as NewMemberList (or each element itself when it is
     * a string); empty when absent. Each must be a valid user id; a bad one is named with its index, such as
     * {@code NewMemberList[2].Member_Account}.
     */
    static List<String> accounts(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        List<String> accounts = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return accounts;
        }
        if (!node.isArray()) {
            throw new BadField(field, "an array");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String name = field + "[" + i + "].Member_Account";
            String account = element.isObject() ? text(element, "Member_Account") : element.isString() ? element.stringValue() : null;
            if (account == null || account.isEmpty()) {
                throw new BadField(name, "present");
            }
            accounts.add(checkedMember(account, name));
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
