package io.roomsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the emulated Tencent IM knows: per app, its groups, and the one-to-one messages to each user. Every
 * operation enforces the rule Tencent enforces and fires the callback Tencent fires.
 *
 * <p>Calls on different rooms run concurrently, as at Tencent: a room's state changes under the room's own lock (so
 * one room's operations, and the After-callbacks they fire, keep their order), the directory of rooms under a lock of
 * its own held only to find, create or remove a room (never while a room's lock is held, except by destroy, which
 * takes the directory's first), and one-to-one messages under a third. A room destroyed meanwhile answers 10010, as
 * one that never existed. A Before-callback (which may take Tencent's whole 2 s) is awaited outside every lock.
 */
final class World {

    static final long FOREVER = TencentLimits.MUTE_FOREVER;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes every object's fields in name order, at any depth. */
    private static final ObjectMapper SORTED_JSON = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
    private static final long DEDUPE_MILLIS = 5 * 60 * 1000;

    /** A send's outcome: where it went, or that Tencent dropped it (the sender still sees success). */
    record Sent(long msgSeq, long msgTime, boolean dropped, String dropReason) {
    }

    private final EmulatorConfig config;
    private final Clock clock;
    private final Callbacks callbacks;
    private final Map<Long, Map<String, Room>> rooms = new HashMap<>();
    private final Map<Long, Map<String, List<Message>>> direct = new HashMap<>();
    private final Map<Long, Map<String, Long>> directSends = new HashMap<>();
    private final AtomicLong deliveryOrder = new AtomicLong();
    /** Group attribute writes per app, over all its groups. */
    private final RateWindows attributeWrites = new RateWindows();
    /** Guards {@link #rooms} (which rooms exist); a room's state is guarded by the room itself. */
    private final Object directory = new Object();
    /** Guards {@link #direct} and {@link #directSends}. */
    private final Object directMessages = new Object();
    /**
     * Counts what a logged-in browser client may be waiting for (a delivery, an attribute write); browser clients'
     * long polls wait on it.
     */
    private final AtomicLong changes = new AtomicLong();

    World(EmulatorConfig config, Clock clock, Callbacks callbacks) {
        this.config = config;
        this.clock = clock;
        this.callbacks = callbacks;
        for (long app : config.apps().keySet()) {
            rooms.put(app, new LinkedHashMap<>());
            direct.put(app, new HashMap<>());
            directSends.put(app, new HashMap<>());
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    void reset() {
        synchronized (directory) {
            rooms.values().forEach(appRooms -> {
                appRooms.values().forEach(Room::markDestroyed);
                appRooms.clear();
            });
        }
        synchronized (directMessages) {
            direct.values().forEach(Map::clear);
            directSends.values().forEach(Map::clear);
        }
    }

    /**
     * Runs {@code action} on the room under the room's lock: what it returns, or 10010 when the room does not exist
     * or was destroyed before the lock was had.
     */
    <T> T inRoom(long app, String groupId, java.util.function.Function<Room, T> action) {
        Room room = room(app, groupId);
        synchronized (room) {
            if (room.destroyed()) {
                throw TimError.noGroup(groupId);
            }
            return action.apply(room);
        }
    }

    /** As {@link #inRoom}, for an action that returns nothing. */
    private void withRoom(long app, String groupId, java.util.function.Consumer<Room> action) {
        inRoom(app, groupId, room -> {
            action.accept(room);
            return null;
        });
    }

    // ---- groups ---------------------------------------------------------------------------------------------

    String createGroup(long app, String type, String groupId, String name, String owner) {
        if (!List.of("AVChatRoom", "Public", "Private", "ChatRoom", "Work", "Meeting", "Community").contains(type)) {
            throw TimError.badParameter("Type " + type + " is not a group type");
        }
        if (name == null || name.isEmpty()) {
            throw TimError.badParameter("Name is required");
        }
        synchronized (directory) {
            return createGroupInDirectory(app, type, groupId, name, owner);
        }
    }

    /** Under the directory's lock, so the creation's callback is queued before any call can find the room. */
    private String createGroupInDirectory(long app, String type, String groupId, String name, String owner) {
        Map<String, Room> appRooms = rooms.get(app);
        String id = groupId;
        if (id == null) {
            do {
                id = "@TGS#a" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36).toUpperCase();
            } while (appRooms.containsKey(id));
        } else if (!validGroupId(id) || id.startsWith("@TGS#")) {
            throw new TimError(10015, "invalid GroupId " + id);
        } else if (appRooms.containsKey(id)) {
            throw new TimError(10021, "GroupId " + id + " is already used");
        }
        Room room = new Room(app, id, type, name, owner, now(), config.roomMessagesPerSecond());
        appRooms.put(id, room);
        ObjectNode callback = groupCallback(room, "administrator");
        callback.put("Owner_Account", owner == null ? "" : owner).put("Name", name).putArray("MemberList");
        callbacks.after(app, "Group.CallbackAfterCreateGroup", callback, "127.0.0.1", "RESTAPI");
        return id;
    }

    void destroyGroup(long app, String groupId) {
        synchronized (directory) {
            Room room = room(app, groupId);
            synchronized (room) {
                ObjectNode callback = groupCallback(room, "administrator");
                callback.put("Owner_Account", room.owner == null ? "" : room.owner).put("Name", room.name);
                ArrayNode members = callback.putArray("MemberList");
                for (String member : List.copyOf(room.members.keySet())) {
                    members.addObject().put("Member_Account", member);
                    room.exit(member);
                }
                room.markDestroyed();
                rooms.get(app).remove(groupId);
                callbacks.after(app, "Group.CallbackAfterGroupDestroyed", callback, "127.0.0.1", "RESTAPI");
            }
        }
    }

    /** The room as it is now (10010 when there is none); read or change its state only under its lock ({@link #inRoom}). */
    Room room(long app, String groupId) {
        Room room;
        synchronized (directory) {
            room = rooms.get(app).get(groupId);
        }
        if (room == null) {
            throw TimError.noGroup(groupId);
        }
        return room;
    }

    List<Room> rooms(long app) {
        synchronized (directory) {
            return List.copyOf(rooms.get(app).values());
        }
    }

    // ---- membership (client side, driven by the control API) ------------------------------------------------

    void join(long app, String groupId, String user, String platform) {
        withRoom(app, groupId, room -> {
            if (room.isBanned(user, now())) {
                throw new TimError(10007, user + " is banned from " + groupId + " until " + room.bans.get(user).until());
            }
            if (room.enter(user, now())) {
                ObjectNode callback = groupCallback(room, user).put("JoinType", "Apply");
                callback.putArray("NewMemberList").addObject().put("Member_Account", user);
                callbacks.after(app, "Group.CallbackAfterNewMemberJoin", callback, "127.0.0.1", platform);
            }
        });
    }

    void leave(long app, String groupId, String user, String platform) {
        withRoom(app, groupId, room -> {
            if (room.exit(user)) {
                exitCallback(room, user, user, "Quit", platform);
            }
        });
    }

    private void exitCallback(Room room, String user, String operator, String exitType, String platform) {
        ObjectNode callback = groupCallback(room, operator).put("ExitType", exitType);
        callback.putArray("ExitMemberList").addObject().put("Member_Account", user);
        callbacks.after(room.app, "Group.CallbackAfterMemberExit", callback, "127.0.0.1", platform);
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /**
     * A message into a room: from a member's client ({@code fromClient}) or through the REST API. The order is
     * Tencent's: the sender's right to speak, the dedupe on Random and content, the Before-callback's verdict, the
     * room's frequency control, delivery, the After-callback.
     */
    Sent sendGroupMessage(long app, String groupId, String from, long random, String priority, JsonNode body,
                          String cloudCustomData, boolean fromClient, boolean forbidBefore, boolean forbidAfter) {
        String dedupeKey = random + ":" + canonical(body);
        String platform = fromClient ? "Web" : "RESTAPI";
        Sent duplicate = inRoom(app, groupId, room -> {
            if (fromClient) {
                if (!room.members.containsKey(from)) {
                    throw new TimError(10007, from + " is not in " + groupId);
                }
                if (room.isMuted(from, now())) {
                    throw new TimError(10017, from + " is muted in " + groupId);
                }
            }
            long nowMillis = clock.millis();
            room.forgetSendsExpiredBy(nowMillis);
            Long seen = room.recentSends.get(dedupeKey);
            if (seen != null) {
                // Same Random and content within 5 minutes: Tencent accepts it and delivers nothing new.
                return new Sent(room.sentSeqs.getOrDefault(dedupeKey, 0L), now(), true, "Duplicate");
            }
            room.rememberSend(dedupeKey, nowMillis + DEDUPE_MILLIS);
            return null;
        });
        if (duplicate != null) {
            return duplicate;
        }
        JsonNode delivered = body;
        if (!forbidBefore && callbacks.enabled()) {
            ObjectNode before = inRoom(app, groupId, room -> messageCallback(room, from, random, body, cloudCustomData));
            Callbacks.Verdict verdict = callbacks.before(app, "Group.CallbackBeforeSendMsg", before, "127.0.0.1", platform);
            if (verdict.failed()) {
                if (!config.beforeCallbackDeliversOnFailure()) {
                    throw new TimError(80003, "the Before-send callback failed and the policy is not to deliver");
                }
            } else if (verdict.errorCode() == 1) {
                throw new TimError(10016, "rejected by the app's Before-send callback");
            } else if (verdict.errorCode() == 2) {
                return new Sent(0, now(), true, "CallbackDropped");
            } else if (verdict.errorCode() >= 10100 && verdict.errorCode() <= 10200) {
                throw new TimError(verdict.errorCode(), verdict.errorInfo());
            } else if (verdict.replacementBody() != null) {
                delivered = verdict.replacementBody();
            }
        }
        JsonNode accepted = delivered;
        return inRoom(app, groupId, room -> {
            if (!room.rate.admit(priority, clock.millis())) {
                ObjectNode exception = messageCallback(room, from, random, accepted, cloudCustomData)
                        .put("ErrorCode", 10023).put("ErrorInfo", "msg count exceeds limit,please retry later");
                callbacks.after(app, "Group.CallbackSendMsgException", exception, "127.0.0.1", platform);
                return new Sent(0, now(), true, "MsgFreqCtrl");
            }
            long seq = room.nextSeq++;
            Message message = new Message(deliveryOrder.incrementAndGet(), groupId, seq, random, from, priority,
                    accepted, cloudCustomData, now());
            room.log.add(message);
            room.sentSeqs.put(dedupeKey, seq);
            if (!forbidAfter) {
                ObjectNode after = messageCallback(room, from, random, accepted, cloudCustomData)
                        .put("MsgSeq", seq).put("MsgTime", message.timeSeconds)
                        .put("MsgId", app + "-" + message.timeSeconds + "-" + random);
                callbacks.after(app, "Group.CallbackAfterSendMsg", after, "127.0.0.1", platform);
            }
            signalChange();
            return new Sent(seq, message.timeSeconds, false, null);
        });
    }

    /** {@code openim/sendmsg}: a one-to-one message, deduped on its random like group messages. */
    void sendDirect(long app, String from, String to, long random, JsonNode body) {
        synchronized (directMessages) {
            sendDirectLocked(app, from, to, random, body);
        }
    }

    private void sendDirectLocked(long app, String from, String to, long random, JsonNode body) {
        long nowMillis = clock.millis();
        Map<String, Long> seen = directSends.get(app);
        seen.values().removeIf(expiry -> expiry < nowMillis);
        String key = to + ":" + random + ":" + canonical(body);
        if (seen.putIfAbsent(key, nowMillis + DEDUPE_MILLIS) != null) {
            return;
        }
        direct.get(app).computeIfAbsent(to, u -> new ArrayList<>())
                .add(new Message(deliveryOrder.incrementAndGet(), null, 0, random, from, "Normal", body, null, now()));
        signalChange();
    }

    ArrayNode recall(long app, String groupId, List<Long> seqs) {
        return inRoom(app, groupId, room -> {
            ArrayNode results = JSON.createArrayNode();
            ArrayNode recalled = JSON.createArrayNode();
            for (long seq : seqs) {
                Message message = room.log.stream().filter(m -> m.seq == seq).findFirst().orElse(null);
                int code = message == null ? 10030 : message.recalled ? 10031 : 0;
                if (code == 0) {
                    message.recalled = true;
                    recalled.addObject().put("MsgSeq", seq);
                }
                results.addObject().put("MsgSeq", seq).put("RetCode", code);
            }
            if (!recalled.isEmpty()) {
                ObjectNode callback = groupCallback(room, "administrator");
                callback.set("MsgSeqList", recalled);
                callbacks.after(app, "Group.CallbackAfterRecallMsg", callback, "127.0.0.1", "RESTAPI");
            }
            return results;
        });
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    /** {@code forbid_send_msg}: no callback (Tencent fires none for mutes). */
    void mute(long app, String groupId, List<String> accounts, long seconds) {
        withRoom(app, groupId, room -> {
            TencentLimits.requireAtMost("Members_Account", accounts.size(), TencentLimits.MUTE_ACCOUNTS_PER_CALL);
            if (seconds < 0 || seconds > FOREVER) {
                throw TimError.badParameter("MuteTime must be 0 (unmute) to " + FOREVER + " (for ever) seconds, got " + seconds);
            }
            for (String account : accounts) {
                if (seconds == 0) {
                    room.mutedUntil.remove(account);
                } else {
                    room.mutedUntil.put(account, seconds >= FOREVER ? FOREVER : now() + seconds);
                }
            }
        });
    }

    Map<String, Long> muted(long app, String groupId) {
        return inRoom(app, groupId, room -> {
            Map<String, Long> active = new LinkedHashMap<>();
            room.mutedUntil.forEach((user, until) -> {
                if (until > now()) {
                    active.put(user, until);
                }
            });
            return active;
        });
    }

    void ban(long app, String groupId, List<String> accounts, long seconds, String description) {
        withRoom(app, groupId, room -> {
            requireLive(room, "ban_group_member");
            TencentLimits.requireAtMost("Members_Account", accounts.size(), TencentLimits.BAN_ACCOUNTS_PER_CALL);
            if (seconds <= 0) {
                throw TimError.badParameter("Duration must be positive");
            }
            for (String account : accounts) {
                room.bans.put(account, new Room.Ban(now() + seconds, description == null ? "" : description));
                if (room.exit(account) && config.banFiresExitCallback()) {
                    exitCallback(room, account, "administrator", "Kicked", "RESTAPI");
                }
            }
        });
    }

    void unban(long app, String groupId, List<String> accounts) {
        withRoom(app, groupId, room -> {
            requireLive(room, "unban_group_member");
            TencentLimits.requireAtMost("Members_Account", accounts.size(), TencentLimits.BAN_ACCOUNTS_PER_CALL);
            accounts.forEach(room.bans::remove);
        });
    }

    List<Map.Entry<String, Room.Ban>> banned(long app, String groupId) {
        return inRoom(app, groupId, room -> {
            requireLive(room, "get_group_ban_member");
            List<Map.Entry<String, Room.Ban>> active = new ArrayList<>();
            room.bans.forEach((user, ban) -> {
                if (ban.until() > now()) {
                    active.add(Map.entry(user, ban));
                }
            });
            return active;
        });
    }

    /** {@code modify_admin} (AVChatRoom): at most 5 admins; no callback (whether Tencent fires one is unconfirmed). */
    void modifyAdmins(long app, String groupId, int commandType, List<String> accounts) {
        withRoom(app, groupId, room -> {
            requireLive(room, "modify_admin");
            if (commandType == 1) {
                long added = accounts.stream().distinct().filter(a -> !room.admins.contains(a)).count();
                if (room.admins.size() + added > TencentLimits.ADMINS_PER_LIVE_ROOM) {
                    throw TimError.badParameter("a live room has at most " + TencentLimits.ADMINS_PER_LIVE_ROOM + " admins; it has "
                            + room.admins.size() + " and " + added + " more were asked");
                }
                room.admins.addAll(accounts);
            } else if (commandType == 2) {
                accounts.forEach(room.admins::remove);
            } else {
                throw TimError.badParameter("CommandType must be 1 (set) or 2 (unset)");
            }
        });
    }

    List<String> admins(long app, String groupId) {
        return inRoom(app, groupId, room -> {
            requireLive(room, "get_admin_list");
            return List.copyOf(room.admins);
        });
    }

    void deleteMembers(long app, String groupId) {
        withRoom(app, groupId, room -> {
            if (room.isLive()) {
                throw TimError.badParameter("delete_group_member is not supported for AVChatRoom; use ban_group_member");
            }
            throw TimError.badParameter("delete_group_member is not emulated for " + room.type);
        });
    }

    // ---- attributes -----------------------------------------------------------------------------------------------

    /**
     * {@code modify_group_attr}: sets these keys and keeps the others, all or nothing: 10049 over 5 writes a second in
     * the app (all its groups together: Tencent does not say whether its limit is per group or per app, and per app is
     * the stricter), 10004 when a key or value is too long or the group would hold too many keys or bytes in all. A
     * write refused for another reason does not count.
     */
    void modifyAttributes(long app, String groupId, Map<String, String> changes) {
        withRoom(app, groupId, room -> {
            long nowMillis = clock.millis();
            String appKey = Long.toString(app);
            if (!attributeWrites.tryTake(appKey, TencentLimits.ATTRIBUTE_WRITES_PER_SECOND, nowMillis)) {
                throw new TimError(10049, "group attribute writes over " + TencentLimits.ATTRIBUTE_WRITES_PER_SECOND + "/s");
            }
            try {
                setAttributes(app, room, changes);
            } catch (TimError refused) {
                attributeWrites.giveBack(appKey, nowMillis);
                throw refused;
            }
        });
    }

    /** The most group attribute writes of one app in any one second so far. */
    int attributeWritesPeak() {
        return attributeWrites.peaks().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private void setAttributes(long app, Room room, Map<String, String> changes) {
        changes.forEach((key, value) -> {
            TencentLimits.requireAtMost("attribute key " + key, key, TencentLimits.ATTRIBUTE_KEY_BYTES);
            TencentLimits.requireAtMost("attribute " + key, value, TencentLimits.ATTRIBUTE_VALUE_BYTES);
        });
        Map<String, String> next = new LinkedHashMap<>(room.attributes);
        next.putAll(changes);
        if (next.size() > TencentLimits.ATTRIBUTE_KEYS) {
            throw TimError.badParameter("at most " + TencentLimits.ATTRIBUTE_KEYS + " attribute keys, the write would make "
                    + next.size());
        }
        int total = 0;
        for (Map.Entry<String, String> entry : next.entrySet()) {
            total += TencentLimits.bytes(entry.getKey()) + TencentLimits.bytes(entry.getValue());
        }
        if (total > TencentLimits.ATTRIBUTE_TOTAL_BYTES) {
            throw TimError.badParameter("attributes would total " + total + " bytes; at most " + TencentLimits.ATTRIBUTE_TOTAL_BYTES);
        }
        room.attributes.clear();
        room.attributes.putAll(next);
        ObjectNode callback = groupCallback(room, "administrator").put("OptionType", "modify");
        ArrayNode attrs = callback.putArray("GroupAttr");
        changes.forEach((k, v) -> attrs.addObject().put("key", k).put("value", v));
        callbacks.after(app, "Group.CallbackAfterGroupAttrChanged", callback, "127.0.0.1", "RESTAPI");
        signalChange();
    }

    Map<String, String> attributes(long app, String groupId) {
        return inRoom(app, groupId, room -> new LinkedHashMap<>(room.attributes));
    }

    // ---- what clients see ---------------------------------------------------------------------------------------

    /** The number of changes (deliveries, attribute writes) so far: a browser client's long-poll cursor. */
    long changes() {
        return changes.get();
    }

    /**
     * Waits until more than {@code seen} changes happened or {@code maxMillis} passed; returns the count then. A
     * browser client's long poll: it then reads its inbox and rooms, so a change it missed waiting is read anyway.
     */
    long awaitChange(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        synchronized (changes) {
            long left;
            while (changes.get() <= seen && (left = deadline - System.nanoTime()) > 0) {
                changes.wait(Math.max(1, left / 1_000_000));
            }
            return changes.get();
        }
    }

    private void signalChange() {
        synchronized (changes) {
            changes.incrementAndGet();
            changes.notifyAll();
        }
    }

    /** The rooms of {@code app} that {@code user} is in now. */
    List<String> roomsOf(long app, String user) {
        List<String> in = new ArrayList<>();
        for (Room room : rooms(app)) {
            synchronized (room) {
                if (!room.destroyed() && room.members.containsKey(user)) {
                    in.add(room.groupId);
                }
            }
        }
        return in;
    }

    /**
     * Every message {@code user}'s client received, in delivery order: in {@code onlyRoom}, or (null) in every room and
     * one-to-one.
     */
    List<Message> inbox(long app, String user, String onlyRoom) {
        List<Message> received = new ArrayList<>();
        if (onlyRoom != null) {
            try {
                return inRoom(app, onlyRoom, room -> room.receivedBy(user));
            } catch (TimError gone) {
                return received;
            }
        }
        for (Room room : rooms(app)) {
            synchronized (room) {
                received.addAll(room.receivedBy(user));
            }
        }
        synchronized (directMessages) {
            received.addAll(direct.get(app).getOrDefault(user, List.of()));
        }
        received.sort(Comparator.comparingLong(m -> m.order));
        return received;
    }

    private static void requireLive(Room room, String api) {
        if (!room.isLive()) {
            throw new TimError(10007, api + " is for live rooms (AVChatRoom); " + room.groupId + " is " + room.type);
        }
    }

    private static ObjectNode groupCallback(Room room, String operator) {
        return JSON.createObjectNode().put("GroupId", room.groupId).put("Type", room.type).put("Operator_Account", operator);
    }

    /**
     * A message's content as Tencent compares it for the dedupe: the parsed body, so the order of an element's fields
     * (JSON leaves it open, and a client library may change it between processes) makes no difference.
     */
    static String canonical(JsonNode body) {
        try {
            return SORTED_JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed body always writes", e);
        }
    }

    private static ObjectNode messageCallback(Room room, String from, long random, JsonNode body, String cloudCustomData) {
        ObjectNode callback = groupCallback(room, from).put("From_Account", from).put("Random", random)
                .put("OnlineOnlyFlag", 0);
        callback.set("MsgBody", body);
        callback.put("CloudCustomData", cloudCustomData == null ? "" : cloudCustomData);
        return callback;
    }

    static boolean validGroupId(String id) {
        if (id == null || id.isEmpty() || TencentLimits.bytes(id) > TencentLimits.GROUP_ID_BYTES) {
            return false;
        }
        return id.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
