package io.roomsync.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomsync.contract.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Requests to the APIs: role-sync's member commands and queries with odd room and member ids, durations and
 * bodies (README, "HTTP API"), and moderation's policy PUTs with mutated policies: long and huge lists, fractions,
 * values out of range, control characters, wrong types (docs/moderation.md). Policies go only to this run's own
 * rooms, never to the app default ({@code *}).
 */
final class ApiFuzz {

    /** README: max-mute 30 days, max-ban 365 days. */
    static final long MAX_MUTE_SECONDS = 30L * 86400;
    static final long MAX_BAN_SECONDS = 365L * 86400;

    private final ObjectMapper json;
    private final String prefix;
    private final long sdkAppId;
    private final List<String> verdictRooms;

    /**
     * @param prefix       the run's room prefix (every room this run names starts with it)
     * @param verdictRooms the rooms the run's callbacks go to
     */
    ApiFuzz(ObjectMapper json, String prefix, long sdkAppId, List<String> verdictRooms) {
        this.json = json;
        this.prefix = prefix;
        this.sdkAppId = sdkAppId;
        this.verdictRooms = List.copyOf(verdictRooms);
    }

    /** An id for a path, percent-encoded as a client would, or one of the raw odd segments; with whether it is valid. */
    private record PathId(String segment, String decoded, String what, boolean raw) {
    }

    private static final String[][] RAW_SEGMENTS = {{"..", "'..'"}, {".", "'.'"}, {"a;b=c", "a matrix parameter"},
            {"%ZZ", "a malformed escape"}, {"%C0%AF", "an overlong UTF-8 '/'"}, {"%FF", "an invalid UTF-8 byte"},
            {"%252F", "a double-encoded '/'"}, {"%2e%2e", "an encoded '..'"}, {"", "empty"}};

    private PathId pathId(Pick pick, String base) {
        if (pick.chance(55)) {
            return new PathId(encode(base), base, "plain", false);
        }
        if (pick.chance(25)) {
            String[] raw = pick.one(RAW_SEGMENTS);
            return new PathId(raw[0], null, raw[1], true);
        }
        OddValues.OddId odd = pick.one(OddValues.ids(base));
        return new PathId(encode(odd.value()), odd.value(), odd.what(), false);
    }

    /** Does this id reach the handler unchanged, so its validity decides the answer? */
    private static boolean decides(PathId id) {
        return !id.raw() && id.decoded().chars().noneMatch(c -> c == '/' || c == '\\' || c == '%' || c == ';')
                && !id.decoded().equals("..") && !id.decoded().endsWith("..") && !id.decoded().isEmpty();
    }

    FuzzRequest roleSync(int index, Pick pick) {
        PathId room = pathId(pick, prefix + "-m" + pick.below(4));
        PathId user = pathId(pick, "fz_user" + pick.below(4));
        String action = pick.one("mute", "ban", "unmute", "unban", "admin", "admin-delete", "member", "members",
                "command", "reconcile");
        String app = pick.chance(85) ? null : pick.one(Long.toString(sdkAppId + 1), "abc", OddValues.fullWidth(Long.toString(sdkAppId)),
                OddValues.TWO_TO_63, "-1", "", "1.5");
        String roomPath = "/v1/rooms/" + room.segment();
        String memberPath = roomPath + "/members/" + user.segment();
        String method = "POST";
        String path;
        byte[] body = new byte[0];
        String mutation = action + ", room " + room.what() + ", member " + user.what();
        boolean roomMatters = true;
        boolean userMatters = true;
        Integer expectedStatus = null;
        String rule = null;
        switch (action) {
            case "mute", "ban" -> {
                path = memberPath + "/" + action;
                long max = action.equals("mute") ? MAX_MUTE_SECONDS : MAX_BAN_SECONDS;
                Object[] timed = timedBody(pick, max);
                body = (byte[]) timed[0];
                mutation += ", body " + timed[1];
                if (timed[2] != null) {
                    expectedStatus = (Integer) timed[2];
                    rule = (String) timed[3];
                }
            }
            case "unmute", "unban", "admin" -> {
                path = memberPath + "/" + action;
                if (pick.chance(50)) {
                    body = ("{\"reason\":" + json.valueToTree(pick.one("spam", "x".repeat(201), "\u0000", "é".repeat(150))) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    mutation += ", a reason";
                }
            }
            case "admin-delete" -> {
                method = "DELETE";
                path = memberPath + "/admin";
            }
            case "member" -> {
                method = "GET";
                path = memberPath;
            }
            case "members" -> {
                method = "GET";
                userMatters = false;
                String role = pick.one("admin", "muted", "banned", "ADMIN", "owner", "", "%00", "x".repeat(300));
                path = roomPath + "/members?role=" + role;
                mutation = "members of room " + room.what() + " with role '" + role + "'";
            }
            case "command" -> {
                method = "GET";
                roomMatters = false;
                userMatters = false;
                String id = pick.one(new UUID(pick.anyLong(), pick.anyLong()).toString(), "not-a-uuid", "%00", "x".repeat(5000), "..");
                path = "/v1/commands/" + id;
                mutation = "command " + Printable.cut(id, 60);
            }
            default -> {
                userMatters = false;
                path = roomPath + "/reconcile";
                mutation = "reconcile room " + room.what();
            }
        }
        if (app != null) {
            path += (path.contains("?") ? "&" : "?") + "app=" + encode(app);
            mutation += ", app '" + app + "'";
        }
        FuzzRequest.Expected expected = null;
        boolean idsDecide = (!roomMatters || decides(room)) && (!userMatters || decides(user));
        if (idsDecide) {
            if (roomMatters && !Ids.isValidGroupId(room.decoded())) {
                expected = new FuzzRequest.Expected(400, null, "a room id is 1-48 bytes of printable ASCII");
            } else if (userMatters && !Ids.isValidUserId(user.decoded())) {
                expected = new FuzzRequest.Expected(400, null, "a user id is 1-32 bytes of printable ASCII, no space or '/'");
            } else if (app != null && !action.equals("command") && !app.equals(Long.toString(sdkAppId))) {
                expected = new FuzzRequest.Expected(400, null, "?app= must name a served app in ASCII digits");
            } else if (expectedStatus != null) {
                expected = new FuzzRequest.Expected(expectedStatus, null, rule);
            }
        }
        List<FuzzRequest.Header> headers = new ArrayList<>();
        if (body.length > 0) {
            headers.add(new FuzzRequest.Header("Content-Type", pick.chance(90) ? "application/json" : pick.one("text/plain", "application/xml")));
            if (!headers.get(0).value().equals("application/json")) {
                mutation += ", Content-Type " + headers.get(0).value();
                expected = null;
            }
        }
        return new FuzzRequest(index, "role-sync", mutation, Service.ROLE_SYNC, method, path, headers, body, false, expected, null);
    }

    /** A mute or ban body: the bytes, what it is, and its documented status (or null). */
    private Object[] timedBody(Pick pick, long max) {
        Object[][] bodies = {
                {"{\"seconds\":600,\"reason\":\"spam\"}", "valid", 202, "a valid command is accepted"},
                {"{\"seconds\":1.5}", "seconds 1.5", 400, "durations are whole seconds; fractions are refused"},
                {"{\"seconds\":0}", "seconds 0", 400, "a duration is at least 1 s"},
                {"{\"seconds\":-1}", "seconds -1", 400, "a duration is at least 1 s"},
                {"{\"seconds\":" + (max + 1) + "}", "seconds over the maximum", 400, "a duration is at most the maximum"},
                {"{\"seconds\":" + OddValues.TWO_TO_63 + "}", "seconds 2^63", 400, "a duration is at most the maximum"},
                {"{\"seconds\":1e308}", "seconds 1e308", 400, "a duration is at most the maximum"},
                {"{\"seconds\":\"" + OddValues.fullWidth("600") + "\"}", "seconds in full-width digits", 400, "numbers are ASCII digits"},
                {"{\"seconds\":null}", "seconds null", 400, "seconds is required"},
                {"{\"seconds\":[600]}", "seconds an array", 400, "seconds is a number"},
                {"{}", "no seconds", 400, "seconds is required"},
                {"{\"seconds\":600,\"reason\":\"" + "x".repeat(201) + "\"}", "a 201-character reason", 400, "a reason is at most 200 characters"},
                {"{\"seconds\":600,\"reason\":\"\\u0000\"}", "a NUL reason", null, null},
                {"{\"seconds\":600,\"colour\":1}", "an unknown field", null, null},
                {"{\"seconds\":600", "cut JSON", 400, "the body must be JSON"},
                {"[600]", "an array", 400, "the body must be a JSON object"},
                {"", "empty", 400, "seconds is required"},
                {"{\"seconds\":600,\"reason\":\"" + "\u00e9" + "\"}", "Latin-1 bytes", 400, "the body must be UTF-8 JSON"},
                {"{\"seconds\":600,\"reason\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "3,000 levels of nesting", 400, "the body must be JSON of the documented shape"}};
        Object[] chosen = pick.one(bodies);
        String text = (String) chosen[0];
        byte[] bytes = chosen[1].equals("Latin-1 bytes") ? text.getBytes(StandardCharsets.ISO_8859_1) : text.getBytes(StandardCharsets.UTF_8);
        return new Object[] {bytes, chosen[1], chosen[2], chosen[3]};
    }

    FuzzRequest policy(int index, Pick pick) {
        // A third of the policies go to the rooms the callbacks go to, so Before-send verdicts meet mutated policies.
        String plain = pick.chance(33) ? pick.one(verdictRooms) : prefix + "-p" + pick.below(6);
        PathId room = pick.chance(85) ? new PathId(plain, plain, "plain", false) : pathId(pick, plain);
        if (room.raw()) {
            // A raw odd segment alone could be the app default or another service's path: keep it inside the prefix.
            room = new PathId(prefix + room.segment(), null, room.what() + " after the prefix", true);
        }
        ObjectNode policy = validPolicy(pick);
        String mutation;
        FuzzRequest.Expected expected = null;
        byte[] body = null;
        int kind = pick.below(12);
        switch (kind) {
            case 0 -> {
                mutation = "valid policy";
                expected = new FuzzRequest.Expected(200, null, "a valid policy is applied");
            }
            case 1 -> {
                // A backtracking domain check overflows its thread's stack somewhere in this range; where depends on the
                // thread (moderation's request thread, ingest's policy replica), so the range is walked.
                int labels = pick.one(127, 800, 1200, 1600, 2000, 5000);
                policy.put("blockLinks", true).putArray("allowedDomains").add(OddValues.domainOfLabels(labels));
                mutation = "allowedDomains: one domain of " + labels + " labels";
                expected = new FuzzRequest.Expected(400, null, "a DNS name is at most 253 bytes");
            }
            case 2 -> {
                policy.putArray("allowedDomains").add("x".repeat(64) + ".com");
                mutation = "allowedDomains: a 64-character label";
                expected = new FuzzRequest.Expected(400, null, "a DNS label is at most 63 bytes");
            }
            case 3 -> {
                ArrayNode domains = policy.putArray("allowedDomains");
                int count = pick.one(1000, 20000);
                for (int i = 0; i < count; i++) {
                    domains.add("d" + i + ".example.com");
                }
                mutation = "allowedDomains: " + count + " domains";
            }
            case 4 -> {
                String[] field = pick.one(new String[] {"floodMessages", "2.5"}, new String[] {"floodWindowSeconds", "10.5"},
                        new String[] {"rejectCode", "10100.5"}, new String[] {"offenceMemorySeconds", "86400.5"},
                        new String[] {"ladder", "[{\"offences\":2,\"sanction\":\"MUTE\",\"seconds\":1.5}]"});
                policy.set(field[0], readTree(field[1]));
                mutation = field[0] + " with a fraction";
                expected = new FuzzRequest.Expected(400, null, "fractions are refused");
            }
            case 5 -> {
                // {terms, characters, status}: docs/moderation.md's limits: 20,000 terms, an encoded policy of at most
                // 512 KiB (so it fits one record on the topic), a request body of at most 1 MiB (413 beyond)
                int[] shape = pick.one(new int[] {5_000, 8, 200}, new int[] {20_001, 8, 400}, new int[] {8_000, 64, 400},
                        new int[] {50_000, 64, 413}, new int[] {50_001, 64, 413});
                ArrayNode list = policy.putArray("bannedTerms");
                for (int i = 0; i < shape[0]; i++) {
                    list.add(String.format("t%063d", i).substring(0, shape[1]));
                }
                mutation = "bannedTerms: " + shape[0] + " terms of " + shape[1] + " characters";
                expected = new FuzzRequest.Expected(shape[2], null, switch (shape[2]) {
                    case 200 -> "within the documented limits";
                    case 400 -> "over the documented term count or policy size, refused with a 400 before publishing";
                    default -> "a body over the policy API's 1 MiB is 413";
                });
            }
            case 6 -> {
                String[] field = pick.one(new String[] {"rejectText", "\u0000"}, new String[] {"rejectText", "a\u001fb"},
                        new String[] {"rejectText", "x".repeat(101)}, new String[] {"bannedTerms", "\u0000"});
                if (field[0].equals("bannedTerms")) {
                    policy.putArray("bannedTerms").add(field[1]);
                } else {
                    policy.put(field[0], field[1]);
                }
                mutation = field[0] + " " + Printable.cut(field[1], 60);
                expected = new FuzzRequest.Expected(400, null, "control characters and over-long texts are refused");
            }
            case 7 -> {
                ArrayNode ladder = policy.putArray("ladder");
                int steps = pick.one(1000, 11, 2);
                for (int i = 0; i < steps; i++) {
                    ladder.addObject().put("offences", steps == 2 ? 2 : i + 1).put("sanction", "MUTE").put("seconds", 60);
                }
                mutation = steps == 2 ? "ladder: two steps with one offence count" : "ladder of " + steps + " steps";
                expected = steps == 11 ? null : new FuzzRequest.Expected(400, null, "ladders are short, one step per offence count");
            }
            case 8 -> {
                String[] odd = pick.one(new String[] {"rejectCode", OddValues.TWO_TO_63}, new String[] {"floodMessages", "-1"},
                        new String[] {"floodMessages", "10001"}, new String[] {"offenceMemorySeconds", "59"},
                        new String[] {"maxLength", "12001"}, new String[] {"floodWindowSeconds", "0"},
                        new String[] {"rejectCode", "\"" + OddValues.fullWidth("10150") + "\""});
                policy.set(odd[0], readTree(odd[1]));
                mutation = odd[0] + " = " + odd[1];
                expected = new FuzzRequest.Expected(400, null, "values outside the documented ranges are refused");
            }
            case 9 -> {
                String[] odd = pick.one(new String[] {"bannedTerms", "\"scam\""}, new String[] {"blockLinks", "\"yes\""},
                        new String[] {"ladder", "{}"}, new String[] {"floodMessages", "[5]"}, new String[] {"colour", "1"},
                        new String[] {"bannedTermAction", "\"EXPLODE\""});
                policy.set(odd[0], readTree(odd[1]));
                mutation = odd[0] + " = " + odd[1];
                expected = new FuzzRequest.Expected(400, null, "wrong types and unknown fields are refused");
            }
            case 10 -> {
                String[][] bodies = {{"{\"bannedTerms\":[\"scam\"]", "cut JSON"}, {"[]", "an array"}, {"", "an empty body"},
                        {"{\"bannedTerms\":[\"sc\u00e9m\"]}", "Latin-1 bytes"}, {"[".repeat(5000) + "]".repeat(5000), "5,000 levels of nesting"},
                        {"null", "null"}};
                String[] odd = pick.one(bodies);
                body = odd[1].equals("Latin-1 bytes") ? odd[0].getBytes(StandardCharsets.ISO_8859_1) : odd[0].getBytes(StandardCharsets.UTF_8);
                mutation = "body: " + odd[1];
                expected = new FuzzRequest.Expected(400, null, "a policy is one JSON object in UTF-8");
            }
            default -> {
                String text = policy.toString();
                body = ("{\"bannedTermAction\":\"DROP\"," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
                mutation = "a field given twice";
            }
        }
        if (body == null) {
            body = policy.toString().getBytes(StandardCharsets.UTF_8);
        }
        boolean roomDecides = !room.raw() && decides(room);
        if (roomDecides && !Ids.isValidGroupId(room.decoded())) {
            expected = new FuzzRequest.Expected(400, null, "a room id is 1-48 bytes of printable ASCII");
        } else if (!roomDecides) {
            expected = null;
        }
        mutation = "PUT policy, room " + room.what() + ": " + mutation;
        return new FuzzRequest(index, "policy", mutation, Service.MODERATION, "PUT", "/v1/policies/" + room.segment(),
                List.of(new FuzzRequest.Header("Content-Type", "application/json")), body, false, expected, null);
    }

    /** A policy inside every documented limit, with a few of its fields set. */
    private ObjectNode validPolicy(Pick pick) {
        ObjectNode policy = json.createObjectNode();
        policy.putArray("bannedTerms").add("scam").add("代开发票");
        policy.put("bannedTermAction", pick.one("MASK", "REJECT", "DROP"));
        if (pick.chance(50)) {
            policy.put("blockLinks", true).putArray("allowedDomains").add("example.com");
        }
        policy.put("blockContacts", pick.chance(50));
        policy.put("floodMessages", 5).put("floodWindowSeconds", 10);
        policy.putArray("ladder").addObject().put("offences", 2).put("sanction", "MUTE").put("seconds", 600);
        return policy;
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(text, e);
        }
    }

    /** Percent-encodes every byte outside RFC 3986's unreserved characters. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
