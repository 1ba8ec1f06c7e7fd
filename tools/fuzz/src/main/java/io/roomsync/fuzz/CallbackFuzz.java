package io.roomsync.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.roomsync.contract.EventIds;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Callbacks as Tencent sends them to ingest, then one mutation: of the body's JSON (types, removed and duplicated
 * fields, nesting, sizes, numbers at the limits, odd ids and texts), of its bytes (invalid UTF-8, other encodings,
 * not an object), of the query (SdkAppid, CallbackCommand, RequestTime and Sign, signed correctly with the app's
 * token so the body checks are reached) or of the headers and framing. Where the README fixes the answer to a
 * mutation (its table of refusals), the request carries it.
 */
final class CallbackFuzz {

    /** README: max-body-size 64KB. */
    static final int MAX_BODY = 64 * 1024;
    /** README: the freshness window of RequestTime, either way. */
    static final long FRESHNESS_SECONDS = 300;

    private final ObjectMapper json;
    private final FuzzTarget target;
    private final List<CallbackSamples.Sample> samples;
    private final List<String> rooms;
    private final LongSupplier nowSeconds;

    CallbackFuzz(ObjectMapper json, FuzzTarget target, List<String> rooms, LongSupplier nowSeconds) {
        this.json = json;
        this.target = target;
        this.samples = CallbackSamples.load(json);
        this.rooms = List.copyOf(rooms);
        this.nowSeconds = nowSeconds;
    }

    /** A callback being built: the body as JSON until it is turned into bytes, the query, the headers. */
    private final class Draft {
        final String command;
        ObjectNode body;
        byte[] bytes;
        String duplicateField;
        final Map<String, String> query = new LinkedHashMap<>();
        String rawQuerySuffix = "";
        final List<FuzzRequest.Header> headers = new ArrayList<>(List.of(new FuzzRequest.Header("Content-Type", "application/json")));
        boolean framed;
        Framing framing;
        FuzzRequest.Expected expected;
        String mutation;
        /** Set once the query or headers are changed: an answer decided before the body then says nothing of it. */
        boolean queryChanged;

        Draft(CallbackSamples.Sample sample, String room) {
            command = sample.command();
            body = sample.body().deepCopy();
            if (body.has("GroupId")) {
                body.put("GroupId", room);
            }
            String now = Long.toString(nowSeconds.getAsLong());
            query.put("SdkAppid", Long.toString(target.sdkAppId()));
            query.put("CallbackCommand", command);
            query.put("contenttype", "json");
            query.put("ClientIP", "127.0.0.1");
            query.put("OptPlatform", "Web");
            query.put("RequestTime", now);
            query.put("Sign", sign(now));
        }
    }

    /** How a framed body is sent. */
    private enum Framing { CHUNKED, GZIP_CHUNKED, BAD_CHUNK_SIZE, UNTERMINATED_CHUNKS, LENGTH_TOO_LONG, LENGTH_TOO_SHORT, LENGTH_AND_CHUNKED }

    /** A callback for {@code room} with {@code text} as its message, signed now: the canary's Before-send. */
    FuzzRequest beforeSend(int index, String room, String text) {
        CallbackSamples.Sample sample = samples.stream().filter(s -> s.command().equals("Group.CallbackBeforeSendMsg"))
                .findFirst().orElseThrow();
        Draft draft = new Draft(sample, room);
        ((ObjectNode) draft.body.path("MsgBody").path(0).path("MsgContent")).put("Text", text);
        draft.mutation = "canary: a banned term in a Before-send";
        return build(index, "canary", draft);
    }

    FuzzRequest generate(int index, Pick pick) {
        CallbackSamples.Sample sample = pick.one(samples);
        Draft draft = new Draft(sample, pick.one(rooms));
        int kind = pick.below(100);
        if (kind < 8) {
            draft.mutation = "none (" + sample.name() + " as documented)";
            draft.expected = accepted(draft);
        } else if (kind < 38) {
            mutateTree(draft, pick);
        } else if (kind < 52) {
            mutateBytes(draft, pick);
        } else if (kind < 82) {
            mutateQuery(draft, pick);
        } else {
            mutateFraming(draft, pick);
        }
        return build(index, "callback", draft);
    }

    private FuzzRequest.Expected accepted(Draft draft) {
        return new FuzzRequest.Expected(200, draft.command.equals("Group.CallbackBeforeSendMsg") ? null : 0,
                "a valid callback is accepted");
    }

    private static FuzzRequest.Expected refused(int status, int code, String rule) {
        return new FuzzRequest.Expected(status, code, rule);
    }

    // --- the body as JSON --------------------------------------------------------------------------------------

    private void mutateTree(Draft draft, Pick pick) {
        List<Slot> slots = new ArrayList<>();
        collect(draft.body, "", slots);
        Slot slot = pick.one(slots);
        switch (pick.below(8)) {
            case 0 -> {
                slot.remove();
                draft.mutation = "removed " + slot.path;
            }
            case 1 -> {
                JsonNode replacement = otherType(slot.get(), pick);
                slot.set(replacement);
                draft.mutation = "retyped " + slot.path + " to " + Printable.cut(replacement.toString(), 60);
            }
            case 2 -> {
                List<String> fields = new ArrayList<>();
                draft.body.fieldNames().forEachRemaining(fields::add);
                draft.duplicateField = pick.one(fields);
                draft.mutation = "duplicated field " + draft.duplicateField + " (first copy a different value)";
            }
            case 3 -> {
                int depth = pick.one(50, 999, 1001, 5000, 20000);
                slot.set(nested(depth, pick.chance(50)));
                draft.mutation = "nested " + slot.path + " " + depth + " levels deep";
            }
            case 4 -> huge(draft, pick);
            case 5 -> {
                String field = pick.one("EventTime", "Random", "MsgSeq", "MsgTime", "OnlineOnlyFlag", "EventTime");
                String literal = pick.one(OddValues.NUMBER_LITERALS);
                draft.body.set(field, readLiteral(literal));
                draft.mutation = field + " = " + literal;
                if (field.equals("EventTime") && literal.startsWith("\"" + OddValues.fullWidth("1"))) {
                    draft.expected = refused(400, 4005, "numbers are ASCII digits only (invalid-payload)");
                }
            }
            case 6 -> oddId(draft, pick);
            default -> oddText(draft, pick);
        }
    }

    private void huge(Draft draft, Pick pick) {
        int size = pick.one(MAX_BODY - 200, MAX_BODY + 1, 70_000, 1_000_000, 5_000_000);
        if (pick.chance(50)) {
            draft.body.put("Notification", "x".repeat(Math.max(0, size - draft.body.toString().length() - 20)));
            draft.mutation = "a " + size + "-byte string field";
        } else {
            ArrayNode members = draft.body.putArray("NewMemberList");
            int count = size / 30;
            for (int i = 0; i < count; i++) {
                members.addObject().put("Member_Account", "viewer_" + i);
            }
            draft.mutation = "a member list of " + count + " members";
        }
    }

    private void oddId(Draft draft, Pick pick) {
        List<Slot> accounts = new ArrayList<>();
        collect(draft.body, "", accounts);
        accounts.removeIf(slot -> !(slot.key != null && (slot.key.endsWith("_Account") || slot.key.equals("GroupId"))
                && slot.get().isTextual()));
        if (accounts.isEmpty()) {
            oddText(draft, pick);
            return;
        }
        Slot slot = pick.one(accounts);
        OddValues.OddId odd = pick.one(OddValues.ids(slot.key.equals("GroupId") ? slot.get().asText() : "fz_user"));
        slot.set(TextNode.valueOf(odd.value()));
        draft.mutation = slot.path + " with " + odd.what();
        if (slot.key.equals("GroupId")) {
            draft.expected = odd.printableAsciiUpTo48() ? accepted(draft)
                    : refused(400, 4004, "a GroupId is 1-48 bytes of printable ASCII (invalid-group-id)");
        } else if (odd.value().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            draft.expected = new FuzzRequest.Expected(400, null, "member ids are validated like group ids: never a control character");
        }
    }

    private void oddText(Draft draft, Pick pick) {
        JsonNode content = draft.body.path("MsgBody").path(0).path("MsgContent");
        String text = pick.one(OddValues.TEXTS);
        if (content instanceof ObjectNode object) {
            object.put("Text", text);
            draft.mutation = "message text: " + describeText(text);
        } else {
            draft.body.put("Notification", text);
            draft.mutation = "Notification: " + describeText(text);
        }
    }

    // --- the body as bytes -------------------------------------------------------------------------------------

    private static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE9},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82});

    private void mutateBytes(Draft draft, Pick pick) {
        byte[] bytes = serialize(draft);
        switch (pick.below(4)) {
            case 0 -> {
                byte[] bad = pick.one(INVALID_UTF8);
                String anchor = pick.one("\"GroupId\":\"", "\"Operator_Account\":\"", "\"EventTime\":\"", "\"Type\":\"", "\"");
                int at = indexOf(bytes, anchor.getBytes(StandardCharsets.UTF_8));
                at = at < 0 ? 2 : at + anchor.length() + 1;
                draft.bytes = splice(bytes, at, bad);
                draft.mutation = "invalid UTF-8 " + HexFormat.ofDelimiter(" ").formatHex(bad) + " after " + anchor;
                draft.expected = refused(400, 4001, "invalid UTF-8 is malformed-json");
            }
            case 1 -> {
                Charset charset = pick.one(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16,
                        Charset.forName("UTF-32"));
                draft.bytes = new String(bytes, StandardCharsets.UTF_8).getBytes(charset);
                draft.mutation = "body encoded as " + charset.name();
                draft.expected = refused(400, 4001, "a callback body is UTF-8 JSON (RFC 8259); anything else is malformed-json");
            }
            case 2 -> {
                draft.bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes);
                draft.mutation = "UTF-8 byte order mark before the body";
            }
            default -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                String[][] shapes = {
                        {"[" + text + "]", "the body in an array"}, {"\"" + text.replace("\"", "'") + "\"", "a JSON string"},
                        {"42", "a number"}, {"null", "null"}, {"true", "true"}, {"", "an empty body"},
                        {text.substring(0, Math.max(1, text.length() / 2)), "the body cut in half"},
                        {text + "x", "trailing garbage"}, {text + text, "two objects"},
                        {"/* comment */" + text, "a comment before the object"}, {text.replace('"', '\''), "single quotes"},
                        {"{\"CallbackCommand\":NaN}", "NaN"}};
                String[] shape = pick.one(shapes);
                draft.bytes = shape[0].getBytes(StandardCharsets.UTF_8);
                draft.mutation = "not a JSON object: " + shape[1];
                draft.expected = refused(400, 4001, "a body that is not one JSON object is malformed-json");
            }
        }
    }

    // --- the query ---------------------------------------------------------------------------------------------

    private void mutateQuery(Draft draft, Pick pick) {
        draft.queryChanged = true;
        long now = nowSeconds.getAsLong();
        String app = Long.toString(target.sdkAppId());
        switch (pick.below(6)) {
            case 0 -> {
                String[][] apps = {{OddValues.fullWidth(app), "full-width digits"}, {"0" + app, "a leading zero"},
                        {"+" + app, "a plus sign"}, {" " + app, "a leading space"}, {app + ".0", "a fraction"},
                        {OddValues.TWO_TO_63, "2^63"}, {"-" + app, "negative"}, {Long.toString(target.sdkAppId() + 1), "another app"},
                        {"", "empty"}, {app + "\u0000", "a NUL"}, {null, "missing"}};
                String[] odd = pick.one(apps);
                setOrRemove(draft.query, "SdkAppid", odd[0]);
                draft.mutation = "SdkAppid " + odd[1];
                draft.expected = refused(403, 4031, "SdkAppid is the app's id in ASCII digits, canonical form (unknown-app)");
            }
            case 1 -> {
                Object[][] times = {
                        // A minus sign is not an ASCII digit: negative times are bad-signature, whatever the window says
                        {Long.toString(now - Long.MIN_VALUE), "now - 2^63 (overflows)", 4012},
                        {Long.toString(Long.MIN_VALUE), "Long.MIN_VALUE", 4012},
                        {Long.toString(Long.MAX_VALUE), "Long.MAX_VALUE", 4013},
                        {Long.toString(now + FRESHNESS_SECONDS + 5), "past the window ahead", 4013},
                        {Long.toString(now - FRESHNESS_SECONDS - 5), "past the window behind", 4013},
                        {Long.toString(now * 1000), "milliseconds", 4013}, {"0", "zero", 4013},
                        {OddValues.fullWidth(Long.toString(now)), "full-width digits", 4012},
                        {"+" + now, "a plus sign", 4012}, {" " + now, "a leading space", 4012},
                        {now + ".0", "a fraction", 4012}, {"-0", "minus zero", 4012},
                        {OddValues.TWO_TO_64, "2^64", null}};
                Object[] odd = pick.one(times);
                draft.query.put("RequestTime", (String) odd[0]);
                draft.query.put("Sign", sign((String) odd[0]));
                draft.mutation = "RequestTime " + odd[1] + ", signed correctly";
                draft.expected = odd[2] == null ? new FuzzRequest.Expected(401, null, "RequestTime must be a fresh number")
                        : refused(401, (Integer) odd[2], (Integer) odd[2] == 4013 ? "RequestTime outside the window (stale-request)"
                        : "RequestTime is ASCII digits only (bad-signature)");
            }
            case 2 -> {
                String[][] signs = {{null, "missing", "4011"}, {"", "empty", "4011"},
                        {sign(Long.toString(now - 1)), "of another time", "4012"},
                        {draft.query.get("Sign").substring(1), "one character short", "4012"},
                        {draft.query.get("Sign") + "0", "one character long", "4012"},
                        {draft.query.get("Sign").toUpperCase(java.util.Locale.ROOT), "upper-case hex", null},
                        {"é".repeat(64), "non-ASCII", "4012"}};
                String[] odd = pick.one(signs);
                setOrRemove(draft.query, "Sign", odd[0]);
                draft.mutation = "Sign " + odd[1];
                if (odd[2] != null) {
                    draft.expected = refused(401, Integer.parseInt(odd[2]), "Sign must match sha256(token + RequestTime)");
                }
            }
            case 3 -> {
                String[][] commands = {{null, "missing (the body names it)"}, {"", "empty (the body names it)"},
                        {"Group.CallbackAfterSendMsg".equals(draft.command) ? "Group.CallbackBeforeSendMsg" : "Group.CallbackAfterSendMsg", "another command"},
                        {draft.command.toLowerCase(java.util.Locale.ROOT), "in lower case"},
                        {draft.command + "\u0000", "with a NUL"}, {draft.command + "x".repeat(5000), "5,000 bytes longer"}};
                String[] odd = pick.one(commands);
                setOrRemove(draft.query, "CallbackCommand", odd[0]);
                draft.mutation = "CallbackCommand " + odd[1];
                boolean printable = odd[0] != null && odd[0].length() <= 128 && odd[0].chars().allMatch(c -> c > ' ' && c <= '~');
                draft.expected = odd[0] == null || odd[0].isEmpty() ? accepted(draft)
                        : printable ? refused(400, 4003, "query and body name different commands (command-mismatch)")
                        : refused(400, 4005, "CallbackCommand is 1-128 characters of printable ASCII without space (invalid-payload)");
            }
            case 4 -> {
                String[][] others = {{"contenttype", "xml"}, {"contenttype", null}, {"contenttype", "JSON"},
                        {"ClientIP", "\u0000\r\nX-Injected: 1"}, {"ClientIP", "x".repeat(10000)},
                        {"OptPlatform", "\u0000"}, {"OptPlatform", "x".repeat(10000)}, {"OptPlatform", "ios"}};
                String[] odd = pick.one(others);
                setOrRemove(draft.query, odd[0], odd[1]);
                draft.mutation = odd[0] + " " + (odd[1] == null ? "missing" : Printable.cut(odd[1], 60));
            }
            default -> {
                String[][] raws = {{"&SdkAppid=1", "SdkAppid twice (second another app)"}, {"&%zz=1", "a malformed escape"},
                        {"&x=" + "y".repeat(6000), "a 6,000-byte parameter"}, {"&a=1".repeat(2000), "2,000 parameters"},
                        {"&Sign=%", "a lone % in a repeated Sign"}, {"#fragment", "a fragment"}};
                String[] odd = pick.one(raws);
                draft.rawQuerySuffix = odd[0];
                draft.mutation = "query with " + odd[1];
                if (odd[0].startsWith("&SdkAppid=") || odd[0].startsWith("&Sign=")) {
                    draft.expected = refused(400, 4007, "a parameter of the callback URL given twice, or a lone % (malformed-query)");
                }
            }
        }
    }

    // --- headers and framing -----------------------------------------------------------------------------------

    private void mutateFraming(Draft draft, Pick pick) {
        draft.queryChanged = true;
        switch (pick.below(3)) {
            case 0 -> {
                String type = pick.one("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/json; charset=utf-16", "application/xml", ";;;", null);
                draft.headers.clear();
                if (type != null) {
                    draft.headers.add(new FuzzRequest.Header("Content-Type", type));
                }
                draft.mutation = "Content-Type " + (type == null ? "missing" : type);
            }
            case 1 -> {
                draft.headers.add(pick.one(new FuzzRequest.Header("Expect", "100-continue"),
                        new FuzzRequest.Header("Content-Encoding", "gzip"), new FuzzRequest.Header("X-Odd", "\u00e9\u00ff"),
                        new FuzzRequest.Header("Accept", "application/xml")));
                draft.mutation = "header " + draft.headers.get(draft.headers.size() - 1);
            }
            default -> {
                draft.framing = pick.one(Framing.values());
                draft.framed = true;
                draft.mutation = "framing: " + draft.framing.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                if (draft.framing == Framing.CHUNKED) {
                    draft.expected = accepted(draft);
                }
            }
        }
    }

    // --- building ----------------------------------------------------------------------------------------------

    private FuzzRequest build(int index, String family, Draft draft) {
        byte[] body = draft.bytes != null ? draft.bytes : serialize(draft);
        if (draft.expected != null && draft.expected.status() == 200 && body.length > MAX_BODY) {
            draft.expected = refused(413, 4131, "a body over 64KB is body-too-large");
        } else if (draft.expected == null && !draft.queryChanged && body.length > MAX_BODY) {
            draft.expected = refused(413, 4131, "a body over 64KB is body-too-large");
        }
        StringBuilder query = new StringBuilder();
        draft.query.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        String targetPath = FuzzRequest.CALLBACK_PATH + "?" + query + draft.rawQuerySuffix;
        List<FuzzRequest.Header> headers = new ArrayList<>(draft.headers);
        byte[] sent = body;
        if (draft.framed) {
            sent = frame(draft.framing, body, headers);
        }
        return new FuzzRequest(index, family, draft.mutation, Service.INGEST, "POST", targetPath, headers, sent,
                draft.framed, draft.expected, eventId(draft, body));
    }

    private static byte[] frame(Framing framing, byte[] body, List<FuzzRequest.Header> headers) {
        String hex = Integer.toHexString(body.length);
        return switch (framing) {
            case CHUNKED, LENGTH_AND_CHUNKED -> {
                headers.add(new FuzzRequest.Header("Transfer-Encoding", "chunked"));
                if (framing == Framing.LENGTH_AND_CHUNKED) {
                    headers.add(new FuzzRequest.Header("Content-Length", Integer.toString(body.length)));
                }
                yield concat(concat((hex + "\r\n").getBytes(StandardCharsets.US_ASCII), body), "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case GZIP_CHUNKED -> {
                headers.add(new FuzzRequest.Header("Transfer-Encoding", "gzip, chunked"));
                yield concat(concat((hex + "\r\n").getBytes(StandardCharsets.US_ASCII), body), "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case BAD_CHUNK_SIZE -> {
                headers.add(new FuzzRequest.Header("Transfer-Encoding", "chunked"));
                yield concat(concat("zz\r\n".getBytes(StandardCharsets.US_ASCII), body), "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case UNTERMINATED_CHUNKS -> {
                headers.add(new FuzzRequest.Header("Transfer-Encoding", "chunked"));
                yield concat((hex + "\r\n").getBytes(StandardCharsets.US_ASCII), body);
            }
            case LENGTH_TOO_LONG -> {
                headers.add(new FuzzRequest.Header("Content-Length", Integer.toString(body.length + 100)));
                yield body;
            }
            case LENGTH_TOO_SHORT -> {
                headers.add(new FuzzRequest.Header("Content-Length", Integer.toString(Math.max(0, body.length / 2))));
                yield body;
            }
        };
    }

    private byte[] serialize(Draft draft) {
        try {
            byte[] bytes = json.writeValueAsBytes(draft.body);
            if (draft.duplicateField == null) {
                return bytes;
            }
            // Jackson keeps one value per field: the duplicate goes in as text, first, with another value.
            String first = "{" + json.writeValueAsString(draft.duplicateField) + ":\"fz-duplicate\",";
            return concat(first.getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The event id of the callback if accepted: the body's command when it has one, else the query's; the query's
     * RequestTime as sent (it counts when the body has no EventTime).
     */
    private String eventId(Draft draft, byte[] body) {
        String command;
        try {
            JsonNode parsed = json.readTree(body);
            JsonNode named = parsed == null ? null : parsed.get("CallbackCommand");
            command = named != null && (named.isValueNode() && !named.isNull()) ? named.asText() : null;
        } catch (java.io.IOException e) {
            command = null;
        }
        if (command == null) {
            command = draft.query.get("CallbackCommand");
        }
        return command == null || command.isBlank() ? null : EventIds.of(target.sdkAppId(), command, body, draft.query.get("RequestTime"));
    }

    String sign(String requestTime) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((target.callbackToken() + requestTime).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** A place in the JSON tree: a field of an object or an element of an array. */
    private static final class Slot {
        final ContainerNode<?> parent;
        final String key;
        final int position;
        final String path;

        Slot(ContainerNode<?> parent, String key, int position, String path) {
            this.parent = parent;
            this.key = key;
            this.position = position;
            this.path = path;
        }

        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(position);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(position, value);
            }
        }

        void remove() {
            if (key != null) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ArrayNode) parent).remove(position);
            }
        }
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                slots.add(new Slot(object, field.getKey(), -1, at));
                collect(field.getValue(), at, slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String at = path + "[" + i + "]";
                slots.add(new Slot(array, null, i, at));
                collect(array.get(i), at, slots);
            }
        }
    }

    private JsonNode otherType(JsonNode current, Pick pick) {
        List<JsonNode> options = new ArrayList<>(List.of(json.getNodeFactory().numberNode(7), TextNode.valueOf("7"),
                json.createArrayNode().add("x"), json.createObjectNode().put("x", 1), json.getNodeFactory().booleanNode(true),
                json.getNodeFactory().nullNode(), json.getNodeFactory().numberNode(1.5)));
        options.removeIf(option -> option.getNodeType() == current.getNodeType());
        return pick.one(options);
    }

    private JsonNode nested(int depth, boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String text = open.repeat(depth) + "1" + close.repeat(depth);
        // Not parsed here (Jackson limits nesting): kept as a raw value.
        return new com.fasterxml.jackson.databind.node.POJONode(new com.fasterxml.jackson.databind.util.RawValue(text));
    }

    private JsonNode readLiteral(String literal) {
        return new com.fasterxml.jackson.databind.node.POJONode(new com.fasterxml.jackson.databind.util.RawValue(literal));
    }

    private static void setOrRemove(Map<String, String> query, String name, String value) {
        if (value == null) {
            query.remove(name);
        } else {
            query.put(name, value);
        }
    }

    static String describeText(String text) {
        return text.length() > 40 ? Printable.cut(text.substring(0, 24), 60) + "... (" + text.length() + " chars)" : Printable.cut(text, 60);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        return concat(concat(java.util.Arrays.copyOfRange(bytes, 0, at), inserted), java.util.Arrays.copyOfRange(bytes, at, bytes.length));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
