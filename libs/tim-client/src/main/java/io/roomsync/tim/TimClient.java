package io.roomsync.tim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.tim.TimResults.BannedMember;
import io.roomsync.tim.TimResults.GroupInfo;
import io.roomsync.tim.TimResults.MutedMember;
import io.roomsync.tim.TimResults.Recall;
import io.roomsync.tim.TimResults.SentMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Tencent IM REST API v4 for live rooms. Each method is one command; lists longer than Tencent takes in one call
 * are sent in batches of the maximum, in order. A method returns when Tencent said OK for every batch, or throws a
 * {@link TimException} with Tencent's code (or roomsync's negative code for no answer) once retries are exhausted;
 * earlier batches of that method stay applied. Thread-safe: one instance per process, shared by every caller, so the
 * per-API rate limit (one limiter per app and API, {@link TimClientConfig#ratePerSecond()}) holds for the whole
 * process.
 *
 * <p>The commands a stream processor sends most also come as {@code ...Async} methods, which never block the calling
 * thread: they return a future at once, and a permit that comes later, the HTTP call and the backoff between retries
 * all happen on the client's own threads. The future completes with what the synchronous method returns, or
 * exceptionally with a {@link java.util.concurrent.CompletionException} (for {@code join}; an
 * {@link java.util.concurrent.ExecutionException} for {@code get}) whose cause is the {@link TimException} the
 * synchronous method would throw: the same code, attempts and permanence. Invalid arguments (an empty list, a negative
 * duration) throw {@link IllegalArgumentException} at once, as synchronously. The future completes on one of the
 * client's threads: dependent stages given no executor run there, so they must be short and must never block (never
 * call a synchronous method of this client from one). The synchronous methods are the asynchronous ones joined.
 */
public final class TimClient implements AutoCloseable {

    /** Largest page {@code get_group_ban_member} is asked for. */
    static final int BAN_PAGE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TimCaller caller;

    public TimClient(TimClientConfig config, MeterRegistry meters) {
        this(config, meters, Clock.systemUTC());
    }

    public TimClient(TimClientConfig config, MeterRegistry meters, Clock clock) {
        this.caller = new TimCaller(config, meters, clock);
    }

    /** {@code create_group}: a live room (AVChatRoom); returns its GroupId. */
    public String createLiveRoom(TimApp app, String groupId, String name, String ownerAccount) {
        ObjectNode body = JSON.createObjectNode().put("Type", "AVChatRoom").put("Name", name);
        if (groupId != null) {
            body.put("GroupId", groupId);
        }
        if (ownerAccount != null) {
            body.put("Owner_Account", ownerAccount);
        }
        return caller.call(app, TimApi.CREATE_GROUP, body).path("GroupId").asText();
    }

    /** {@code destroy_group}. */
    public void destroyGroup(TimApp app, String groupId) {
        caller.call(app, TimApi.DESTROY_GROUP, group(groupId));
    }

    /** {@code get_group_info}, 50 groups a call. */
    public List<GroupInfo> getGroupInfo(TimApp app, List<String> groupIds) {
        List<GroupInfo> infos = new ArrayList<>();
        for (List<String> batch : batches(groupIds, TimApi.GET_GROUP_INFO.batchMax())) {
            ObjectNode body = JSON.createObjectNode();
            body.set("GroupIdList", strings(batch));
            for (JsonNode info : caller.call(app, TimApi.GET_GROUP_INFO, body).path("GroupInfo")) {
                infos.add(new GroupInfo(info.path("GroupId").asText(), info.path("ErrorCode").asInt(0),
                        info.path("Type").asText(null), info.path("Name").asText(null),
                        info.path("Owner_Account").asText(null), info.path("MemberNum").asLong(0),
                        "On".equals(info.path("MuteAllMember").asText())));
            }
        }
        return infos;
    }

    /** {@code send_group_msg}. */
    public SentMessage sendGroupMessage(TimApp app, GroupMessageRequest message) {
        return TimCaller.await(sendGroupMessageAsync(app, message));
    }

    /**
     * {@code send_group_msg} without blocking: one call (with its retries); the future completes with where the
     * message went in the room's sequence, or exceptionally with the {@link TimException} that
     * {@link #sendGroupMessage} would throw (see the class comment).
     */
    public CompletableFuture<SentMessage> sendGroupMessageAsync(TimApp app, GroupMessageRequest message) {
        ObjectNode body = group(message.groupId()).put("Random", message.random())
                .put("MsgPriority", message.priority().wire());
        if (message.fromAccount() != null) {
            body.put("From_Account", message.fromAccount());
        }
        body.set("MsgBody", elements(message.elements()));
        ArrayNode forbid = JSON.createArrayNode();
        if (message.forbidBeforeCallback()) {
            forbid.add("ForbidBeforeSendMsgCallback");
        }
        if (message.forbidAfterCallback()) {
            forbid.add("ForbidAfterSendMsgCallback");
        }
        if (!forbid.isEmpty()) {
            body.set("ForbidCallbackControl", forbid);
        }
        return caller.callAsync(app, TimApi.SEND_GROUP_MSG, body, null).thenApply(answer ->
                new SentMessage(answer.body().path("MsgSeq").asLong(), answer.body().path("MsgTime").asLong()));
    }

    /** {@code openim/sendmsg}: a one-to-one message from the app admin to {@code toAccount}. */
    public void sendUserMessage(TimApp app, String toAccount, long random, List<MessageElement> elements) {
        ObjectNode body = JSON.createObjectNode().put("SyncOtherMachine", 2).put("To_Account", toAccount)
                .put("MsgRandom", random);
        body.set("MsgBody", elements(elements));
        caller.call(app, TimApi.SEND_C2C_MSG, body);
    }

    /**
     * {@code forbid_send_msg}: mute for {@code seconds} (0 unmutes; Tencent keeps mutes across leave and re-join), 500
     * accounts a call. Returns the attempts made (every batch, retries included: 1 for one batch Tencent took at once).
     */
    public int mute(TimApp app, String groupId, Collection<String> accounts, long seconds) {
        return TimCaller.await(muteAsync(app, groupId, accounts, seconds));
    }

    /**
     * {@link #mute} without blocking: the batches of 500 go one after the other, in order, each after the previous one
     * succeeded. The future completes with the attempts made (every batch, retries included), or exceptionally with
     * the {@link TimException} {@link #mute} would throw: a failed batch stops the rest, earlier batches stay applied,
     * and its {@link TimException#attempts()} count the earlier batches' too.
     *
     * @throws IllegalArgumentException at once, for no accounts or a negative duration
     */
    public CompletableFuture<Integer> muteAsync(TimApp app, String groupId, Collection<String> accounts, long seconds) {
        return muteAsync(app, groupId, accounts, seconds, null);
    }

    /**
     * {@link #muteAsync(TimApp, String, Collection, long)} whose first request takes {@code permit}, booked for
     * {@code forbid_send_msg} of {@code app} ({@link #bookPermit}; null: it books its own, as every later request).
     *
     * @throws IllegalArgumentException at once, as without a permit; in the future, for a permit of another app or API
     */
    public CompletableFuture<Integer> muteAsync(TimApp app, String groupId, Collection<String> accounts, long seconds,
                                                Permit permit) {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds must be 0 (unmute) or more");
        }
        List<ObjectNode> bodies = new ArrayList<>();
        for (List<String> batch : batches(accounts, TimApi.FORBID_SEND_MSG.batchMax())) {
            ObjectNode body = group(groupId).put("MuteTime", seconds);
            body.set("Members_Account", strings(batch));
            bodies.add(body);
        }
        return callEach(app, TimApi.FORBID_SEND_MSG, bodies, permit);
    }

    /** {@code forbid_send_msg} with MuteTime 0; returns the attempts made, as {@link #mute}. */
    public int unmute(TimApp app, String groupId, Collection<String> accounts) {
        return mute(app, groupId, accounts, 0);
    }

    /** {@link #unmute} without blocking, as {@link #muteAsync}. */
    public CompletableFuture<Integer> unmuteAsync(TimApp app, String groupId, Collection<String> accounts) {
        return muteAsync(app, groupId, accounts, 0);
    }

    /** {@link #unmuteAsync(TimApp, String, Collection)} whose first request takes {@code permit}, as {@link #muteAsync}. */
    public CompletableFuture<Integer> unmuteAsync(TimApp app, String groupId, Collection<String> accounts, Permit permit) {
        return muteAsync(app, groupId, accounts, 0, permit);
    }

    /** {@code get_group_muted_account} (the old name's answer, ShuttedUinList, is read too). */
    public List<MutedMember> getMutedMembers(TimApp app, String groupId) {
        JsonNode answer = caller.call(app, TimApi.GET_GROUP_MUTED_ACCOUNT, group(groupId));
        JsonNode list = answer.has("MutedAccountList") ? answer.path("MutedAccountList") : answer.path("ShuttedUinList");
        List<MutedMember> muted = new ArrayList<>();
        for (JsonNode entry : list) {
            long until = entry.has("MutedUntil") ? entry.path("MutedUntil").asLong() : entry.path("ShuttedUntil").asLong();
            muted.add(new MutedMember(entry.path("Member_Account").asText(), Instant.ofEpochSecond(until)));
        }
        return muted;
    }

    /**
     * {@code ban_group_member}: removed from the live room, cannot re-join for {@code seconds}; 20 accounts a call.
     * Returns the attempts made, as {@link #mute}.
     */
    public int ban(TimApp app, String groupId, Collection<String> accounts, long seconds, String description) {
        return TimCaller.await(banAsync(app, groupId, accounts, seconds, description));
    }

    /**
     * {@link #ban} without blocking: batches of 20 one after the other, in order, as {@link #muteAsync}.
     *
     * @throws IllegalArgumentException at once, for no accounts or a duration that is not positive
     */
    public CompletableFuture<Integer> banAsync(TimApp app, String groupId, Collection<String> accounts, long seconds,
                                               String description) {
        return banAsync(app, groupId, accounts, seconds, description, null);
    }

    /**
     * {@link #banAsync(TimApp, String, Collection, long, String)} whose first request takes {@code permit}, booked for
     * {@code ban_group_member}, as {@link #muteAsync(TimApp, String, Collection, long, Permit)}.
     */
    public CompletableFuture<Integer> banAsync(TimApp app, String groupId, Collection<String> accounts, long seconds,
                                               String description, Permit permit) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("a ban needs a positive duration");
        }
        List<ObjectNode> bodies = new ArrayList<>();
        for (List<String> batch : batches(accounts, TimApi.BAN_GROUP_MEMBER.batchMax())) {
            ObjectNode body = group(groupId).put("Duration", seconds);
            body.set("Members_Account", strings(batch));
            if (description != null) {
                body.put("Description", description);
            }
            bodies.add(body);
        }
        return callEach(app, TimApi.BAN_GROUP_MEMBER, bodies, permit);
    }

    /** {@code unban_group_member}, 20 accounts a call; returns the attempts made, as {@link #mute}. */
    public int unban(TimApp app, String groupId, Collection<String> accounts) {
        return TimCaller.await(unbanAsync(app, groupId, accounts));
    }

    /** {@link #unban} without blocking: batches of 20 one after the other, in order, as {@link #muteAsync}. */
    public CompletableFuture<Integer> unbanAsync(TimApp app, String groupId, Collection<String> accounts) {
        return unbanAsync(app, groupId, accounts, null);
    }

    /**
     * {@link #unbanAsync(TimApp, String, Collection)} whose first request takes {@code permit}, booked for
     * {@code unban_group_member}, as {@link #muteAsync(TimApp, String, Collection, long, Permit)}.
     */
    public CompletableFuture<Integer> unbanAsync(TimApp app, String groupId, Collection<String> accounts, Permit permit) {
        List<ObjectNode> bodies = new ArrayList<>();
        for (List<String> batch : batches(accounts, TimApi.UNBAN_GROUP_MEMBER.batchMax())) {
            ObjectNode body = group(groupId);
            body.set("Members_Account", strings(batch));
            bodies.add(body);
        }
        return callEach(app, TimApi.UNBAN_GROUP_MEMBER, bodies, permit);
    }

    /** {@code get_group_ban_member}, every page. */
    public List<BannedMember> getBannedMembers(TimApp app, String groupId) {
        List<BannedMember> banned = new ArrayList<>();
        for (int offset = 0; ; offset += BAN_PAGE) {
            JsonNode answer = caller.call(app, TimApi.GET_GROUP_BAN_MEMBER,
                    group(groupId).put("Offset", offset).put("Limit", BAN_PAGE));
            JsonNode list = answer.path("BannedAccountList");
            for (JsonNode entry : list) {
                banned.add(new BannedMember(entry.path("Member_Account").asText(),
                        Instant.ofEpochSecond(entry.path("BannedUntil").asLong()), entry.path("Reason").asText("")));
            }
            if (list.size() < BAN_PAGE) {
                return banned;
            }
        }
    }

    /**
     * {@code modify_admin} (AVChatRoom): grant or revoke admin; a room holds at most 5 admins (Tencent refuses more).
     * Returns the attempts made, as {@link #mute}.
     */
    public int modifyAdmins(TimApp app, String groupId, AdminChange change, Collection<String> accounts) {
        return TimCaller.await(modifyAdminsAsync(app, groupId, change, accounts));
    }

    /**
     * {@link #modifyAdmins} without blocking: batches of {@link TimApi#MODIFY_ADMIN}'s maximum one after the other, in
     * order, as {@link #muteAsync}.
     */
    public CompletableFuture<Integer> modifyAdminsAsync(TimApp app, String groupId, AdminChange change,
                                                        Collection<String> accounts) {
        return modifyAdminsAsync(app, groupId, change, accounts, null);
    }

    /**
     * {@link #modifyAdminsAsync(TimApp, String, AdminChange, Collection)} whose first request takes {@code permit},
     * booked for {@code modify_admin}, as {@link #muteAsync(TimApp, String, Collection, long, Permit)}.
     */
    public CompletableFuture<Integer> modifyAdminsAsync(TimApp app, String groupId, AdminChange change,
                                                        Collection<String> accounts, Permit permit) {
        List<ObjectNode> bodies = new ArrayList<>();
        for (List<String> batch : batches(accounts, TimApi.MODIFY_ADMIN.batchMax())) {
            ObjectNode body = group(groupId).put("CommandType", change.commandType);
            body.set("Admin_Account", strings(batch));
            bodies.add(body);
        }
        return callEach(app, TimApi.MODIFY_ADMIN, bodies, permit);
    }

    /**
     * Calls {@code api} with each body in order, each once the previous one succeeded; completes with the attempts
     * made for all of them (retries included). A failure stops the rest and fails the future, its
     * {@link TimException#attempts()} counting the earlier bodies' attempts too. The first body's first request takes
     * {@code permit} (null: none booked); the others book theirs as they go, each after the previous answer.
     */
    private CompletableFuture<Integer> callEach(TimApp app, TimApi api, List<ObjectNode> bodies, Permit permit) {
        CompletableFuture<Integer> attempts = CompletableFuture.completedFuture(0);
        for (int i = 0; i < bodies.size(); i++) {
            ObjectNode body = bodies.get(i);
            Permit booked = i == 0 ? permit : null;
            attempts = attempts.thenCompose(earlier -> caller.callAsync(app, api, body, booked).handle((answer, error) -> {
                if (error == null) {
                    return earlier + answer.attempts();
                }
                Throwable cause = TimCaller.unwrap(error);
                throw cause instanceof TimException failed ? failed.afterEarlierAttempts(earlier) : new CompletionException(cause);
            }));
        }
        return attempts;
    }

    /** Whether {@code modify_admin} sets or unsets. */
    public enum AdminChange {
        GRANT(1), REVOKE(2);

        private final int commandType;

        AdminChange(int commandType) {
            this.commandType = commandType;
        }
    }

    /** {@code get_admin_list} (AVChatRoom). */
    public List<String> getAdmins(TimApp app, String groupId) {
        JsonNode answer = caller.call(app, TimApi.GET_ADMIN_LIST, group(groupId));
        JsonNode list = answer.has("Admin_Account") ? answer.path("Admin_Account") : answer.path("Response").path("Admin_Account");
        List<String> admins = new ArrayList<>();
        list.forEach(admin -> admins.add(admin.asText()));
        return admins;
    }

    /** {@code group_msg_recall}, 10 messages a call. */
    public List<Recall> recall(TimApp app, String groupId, List<Long> msgSeqs, String reason) {
        List<Recall> results = new ArrayList<>();
        for (List<Long> batch : batches(msgSeqs, TimApi.GROUP_MSG_RECALL.batchMax())) {
            ObjectNode body = group(groupId);
            ArrayNode seqs = body.putArray("MsgSeqList");
            batch.forEach(seq -> seqs.addObject().put("MsgSeq", seq));
            if (reason != null) {
                body.put("Reason", reason);
            }
            for (JsonNode entry : caller.call(app, TimApi.GROUP_MSG_RECALL, body).path("RecallRetList")) {
                results.add(new Recall(entry.path("MsgSeq").asLong(), entry.path("RetCode").asInt()));
            }
        }
        return results;
    }

    /**
     * {@code modify_group_attr}: set these attributes, keep the others (16 keys, 4 KB a value); paced within
     * Tencent's attribute writes ({@link TimClientConfig#attributeWritesPerSecond()}, 5/s, taken as per app).
     */
    public void modifyGroupAttributes(TimApp app, String groupId, Map<String, String> attributes) {
        TimCaller.await(modifyGroupAttributesAsync(app, groupId, attributes));
    }

    /**
     * {@link #modifyGroupAttributes} without blocking: one call (with its retries); the future completes when Tencent
     * took the attributes, or exceptionally with the {@link TimException} the synchronous method would throw.
     */
    public CompletableFuture<Void> modifyGroupAttributesAsync(TimApp app, String groupId, Map<String, String> attributes) {
        ObjectNode body = group(groupId);
        ArrayNode list = body.putArray("GroupAttr");
        attributes.forEach((key, value) -> list.addObject().put("key", key).put("value", value));
        return caller.callAsync(app, TimApi.MODIFY_GROUP_ATTR, body, null).thenApply(answer -> null);
    }

    /** {@code get_group_attr}. */
    public Map<String, String> getGroupAttributes(TimApp app, String groupId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode entry : caller.call(app, TimApi.GET_GROUP_ATTR, group(groupId)).path("GroupAttrAry")) {
            attributes.put(entry.path("key").asText(), entry.path("value").asText());
        }
        return attributes;
    }

    /**
     * Shares every Tencent budget with the other live replicas of this service: from the next call on, each (app, API)
     * limiter paces at {@link BudgetShare#of}{@code (limit, replicas)}, its share of Tencent's limit. Called whenever
     * the replica count is learnt again (tim-spring reads it from the service's consumer group). 1, the default,
     * holds the budgets whole.
     *
     * @throws IllegalArgumentException when {@code replicas} is below 1
     */
    public void shareAmong(int replicas) {
        caller.shareAmong(replicas);
    }

    /** The share of {@code api}'s budget this process paces at now (the same for every app). */
    public BudgetShare share(TimApi api) {
        return caller.share(api);
    }

    /**
     * Whether a call of {@code api} for {@code app} would get its rate-limiter permit now, without waiting: a caller
     * of low priority (snapshot writes) starts only then, so it never queues behind the budget. A hint: another
     * caller may take the permit first, and the call then waits for the next one.
     */
    public boolean permitAvailable(TimApp app, TimApi api) {
        return caller.permitAvailable(app, api);
    }

    /**
     * Books the next free rate-limiter permit of {@code api} for {@code app} if it is due within {@code within} (e.g.
     * a caller's polling tick), behind every permit already booked in this process; otherwise books nothing. The look
     * and the booking are one step with every other booking of that (app, API) ({@link Permit}), so callers deciding
     * at the same moment, on any thread, never count on the same permit. A caller that can let its work grow while the
     * budget is spent (role-sync's batches) plans a call only with a permit, and makes it with that permit: it then
     * waits in the limiter at most until {@code within}. A permit never used lapses (one call of its cycle unused).
     *
     * @return the permit, or empty when the budget is spent for longer than {@code within}
     */
    public Optional<Permit> bookPermit(TimApp app, TimApi api, Duration within) {
        return caller.bookPermit(app, api, within);
    }

    /**
     * How many rate-limiter permits of {@code api} for {@code app} are free by {@code within} from now: the limiter's
     * current cycle's left (usable only if booked before that cycle ends), plus those not booked yet of every cycle
     * that starts within {@code within}. A look, not a booking (another caller may book them first): for a caller deciding which of
     * its waiting calls gets the permits ({@link #bookPermit} books them).
     */
    public int permitsFree(TimApp app, TimApi api, Duration within) {
        return caller.permitsFree(app, api, within);
    }

    /** The state of an API's circuit breaker: CLOSED, OPEN, HALF_OPEN. */
    public String breakerState(TimApp app, TimApi api) {
        return caller.breakerState(app.sdkAppId(), api).name();
    }

    @Override
    public void close() {
        caller.close();
    }

    private static ObjectNode group(String groupId) {
        return JSON.createObjectNode().put("GroupId", groupId);
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** A message body as Tencent reads it: each element's fields in the order the element gives them. */
    static ArrayNode elements(List<MessageElement> elements) {
        ArrayNode array = JSON.createArrayNode();
        for (MessageElement element : elements) {
            ObjectNode node = array.addObject().put("MsgType", element.type());
            node.set("MsgContent", JSON.valueToTree(element.content()));
        }
        return array;
    }

    static <T> List<List<T>> batches(Collection<T> items, int max) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to send");
        }
        List<T> all = List.copyOf(items);
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += max) {
            batches.add(all.subList(i, Math.min(all.size(), i + max)));
        }
        return batches;
    }
}
