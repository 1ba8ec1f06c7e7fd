package io.roomsync.rolesync.adapter.kafka;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.domain.CallbackOrder;
import io.roomsync.rolesync.domain.MemberStore;
import io.roomsync.rolesync.domain.StateRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * role-sync's state in Kafka Streams stores, each backed by a compacted changelog topic (restored on restart or
 * rebalance, exactly once with the outputs): member states by member key, applied ids in a window store that drops
 * them after the dedupe window, pending expiries ordered by time ({@code <until millis, zero-padded>|<member key>}),
 * and the newest callback EventTime (epoch millis) applied to each aspect of each member
 * ({@code <member key>|presence}, {@code <member key>|role}; the aspect names no '|', so the key is unambiguous, and
 * a room's entries share the room's member-key prefix), and when recently destroyed rooms ended (epoch millis, by
 * {@code sdkAppId/groupId}). A destroyed room's entries are deleted through the stores, so each changelog gets its
 * tombstones in the same transaction as the outputs; {@link #sweep} forgets callback and room-end times no late
 * callback can matter to any more ({@link StateRetention}).
 */
final class StreamsMemberStore implements MemberStore {

    static final String STATES = "member-states";
    static final String SEEN = "applied-ids";
    static final String EXPIRIES = "pending-expiries";
    static final String CALLBACK_TIMES = "member-callback-times";
    static final String ENDED_ROOMS = "ended-rooms";

    private final KeyValueStore<String, MemberState> states;
    private final WindowStore<String, Long> seen;
    private final KeyValueStore<String, String> expiries;
    private final KeyValueStore<String, Long> callbackTimes;
    private final KeyValueStore<String, Long> endedRooms;
    private final Duration dedupeWindow;

    StreamsMemberStore(KeyValueStore<String, MemberState> states, WindowStore<String, Long> seen,
                       KeyValueStore<String, String> expiries, KeyValueStore<String, Long> callbackTimes,
                       KeyValueStore<String, Long> endedRooms, Duration dedupeWindow) {
        this.states = states;
        this.seen = seen;
        this.expiries = expiries;
        this.callbackTimes = callbackTimes;
        this.endedRooms = endedRooms;
        this.dedupeWindow = dedupeWindow;
    }

    @Override
    public Optional<MemberState> get(String memberKey) {
        return Optional.ofNullable(states.get(memberKey));
    }

    @Override
    public void put(String memberKey, MemberState state) {
        states.put(memberKey, state);
    }

    @Override
    public Map<String, MemberState> room(long sdkAppId, String room) {
        Map<String, MemberState> members = new LinkedHashMap<>();
        String prefix = Keys.memberPrefix(sdkAppId, room);
        try (KeyValueIterator<String, MemberState> all = states.prefixScan(prefix, new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, MemberState> entry = all.next();
                // The escaped prefix finds only this room's keys; an unescaped key of an earlier version is skipped.
                Keys.tryParseMember(entry.key).filter(key -> key.groupId().equals(room))
                        .ifPresent(key -> members.put(key.userId(), entry.value));
            }
        }
        return members;
    }

    @Override
    public boolean seen(String id) {
        long now = System.currentTimeMillis();
        try (WindowStoreIterator<Long> found = seen.fetch(id, Instant.ofEpochMilli(now - dedupeWindow.toMillis()),
                Instant.ofEpochMilli(now + 60_000))) {
            return found.hasNext();
        }
    }

    @Override
    public void remember(String id, Instant at) {
        seen.put(id, at.toEpochMilli(), at.toEpochMilli());
    }

    @Override
    public Optional<Instant> remembered(String id) {
        long now = System.currentTimeMillis();
        try (WindowStoreIterator<Long> found = seen.backwardFetch(id, Instant.ofEpochMilli(now - dedupeWindow.toMillis()),
                Instant.ofEpochMilli(now + 60_000))) {
            return found.hasNext() ? Optional.of(Instant.ofEpochMilli(found.next().value)) : Optional.empty();
        }
    }

    @Override
    public void expireAt(Instant until, String memberKey) {
        expiries.put(expiryKey(until.toEpochMilli(), memberKey), memberKey);
    }

    @Override
    public Optional<Instant> newestCallback(String memberKey, CallbackOrder.Aspect aspect) {
        return Optional.ofNullable(callbackTimes.get(callbackTimeKey(memberKey, aspect))).map(Instant::ofEpochMilli);
    }

    @Override
    public void callbackApplied(String memberKey, CallbackOrder.Aspect aspect, Instant eventTime) {
        callbackTimes.put(callbackTimeKey(memberKey, aspect), eventTime.toEpochMilli());
    }

    @Override
    public List<String> forgetMembers(List<String> memberKeys) {
        List<String> removed = memberKeys.stream().filter(key -> states.get(key) != null).sorted().toList();
        removed.forEach(states::delete);
        for (String key : memberKeys) {
            for (CallbackOrder.Aspect aspect : CallbackOrder.Aspect.values()) {
                callbackTimes.delete(callbackTimeKey(key, aspect));
            }
        }
        Set<String> members = new HashSet<>(memberKeys);
        List<String> expiriesOfMembers = new ArrayList<>();
        try (KeyValueIterator<String, String> all = expiries.all()) {
            all.forEachRemaining(entry -> {
                if (members.contains(entry.value)) {
                    expiriesOfMembers.add(entry.key);
                }
            });
        }
        expiriesOfMembers.forEach(expiries::delete);
        return removed;
    }

    @Override
    public Optional<Instant> roomEnded(long sdkAppId, String room) {
        return Optional.ofNullable(endedRooms.get(Keys.appRoom(sdkAppId, room))).map(Instant::ofEpochMilli);
    }

    @Override
    public void roomEnded(long sdkAppId, String room, Instant eventTime) {
        endedRooms.put(Keys.appRoom(sdkAppId, room), eventTime.toEpochMilli());
    }

    /**
     * Deletes the callback times and room ends that no late callback can matter to any more at {@code now}
     * ({@link StateRetention#outlived}, with {@code dedupe-window} as the horizon).
     *
     * @return how many entries were deleted
     */
    int sweep(Instant now) {
        return sweep(callbackTimes, now) + sweep(endedRooms, now);
    }

    private int sweep(KeyValueStore<String, Long> times, Instant now) {
        List<String> outlived = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = times.all()) {
            all.forEachRemaining(entry -> {
                if (StateRetention.outlived(Instant.ofEpochMilli(entry.value), now, dedupeWindow)) {
                    outlived.add(entry.key);
                }
            });
        }
        outlived.forEach(times::delete);
        return outlived.size();
    }

    static String callbackTimeKey(String memberKey, CallbackOrder.Aspect aspect) {
        return memberKey + "|" + aspect.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String expiryKey(long untilMillis, String memberKey) {
        return String.format("%015d|%s", untilMillis, memberKey);
    }

    /** Expiries due by {@code now}, removed from the store as they are handed out. */
    java.util.List<String> takeDue(Instant now) {
        java.util.List<String> due = new java.util.ArrayList<>();
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, String> range = expiries.range("", expiryKey(now.toEpochMilli(), "~"))) {
            while (range.hasNext()) {
                KeyValue<String, String> entry = range.next();
                keys.add(entry.key);
                due.add(entry.value);
            }
        }
        keys.forEach(expiries::delete);
        return due;
    }
}
