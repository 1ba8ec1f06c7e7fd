package io.roomsync.notices.adapter;

import io.roomsync.contract.Keys;
import io.roomsync.notices.domain.Dispatcher;
import io.roomsync.notices.domain.MemberNotice;
import io.roomsync.notices.domain.PendingRoom;
import io.roomsync.notices.domain.Programme;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** The dispatcher's state in Kafka Streams stores, each restored from its changelog after a restart. */
final class StreamsRooms implements Dispatcher.Rooms {

    static final String PENDING = "pending-rooms";
    static final String NOTIFIED = "notified-versions";
    static final String MEMBERS = "room-members";
    static final String SNAPSHOTS = "snapshot-numbers";
    static final String SEEN = "seen-notices";
    /** Rooms' programmes ({@link Programme}) by {@code app/room}: changelogged, so a change survives a crash until written. */
    static final String PROGRAMMES = "room-programmes";

    private final KeyValueStore<String, PendingRoom> pending;
    private final KeyValueStore<String, Long> notified;
    private final KeyValueStore<String, MemberNotice> members;
    private final KeyValueStore<String, Long> snapshots;
    private final WindowStore<String, Long> seen;
    private final KeyValueStore<String, Programme> programmes;
    private final Duration dedupeWindow;

    StreamsRooms(KeyValueStore<String, PendingRoom> pending, KeyValueStore<String, Long> notified,
                 KeyValueStore<String, MemberNotice> members, KeyValueStore<String, Long> snapshots,
                 WindowStore<String, Long> seen, KeyValueStore<String, Programme> programmes, Duration dedupeWindow) {
        this.programmes = programmes;
        this.pending = pending;
        this.notified = notified;
        this.members = members;
        this.snapshots = snapshots;
        this.seen = seen;
        this.dedupeWindow = dedupeWindow;
    }

    @Override
    public Optional<PendingRoom> pending(String roomKey) {
        return Optional.ofNullable(pending.get(roomKey));
    }

    @Override
    public void putPending(String roomKey, PendingRoom room) {
        pending.put(roomKey, room);
    }

    @Override
    public void deletePending(String roomKey) {
        pending.delete(roomKey);
    }

    @Override
    public long lastNotified(String memberKey) {
        Long version = notified.get(memberKey);
        return version == null ? 0 : version;
    }

    @Override
    public void notified(String memberKey, long version) {
        notified.put(memberKey, version);
    }

    @Override
    public Optional<MemberNotice> member(String memberKey) {
        return Optional.ofNullable(members.get(memberKey));
    }

    @Override
    public void putMember(String memberKey, MemberNotice member) {
        members.put(memberKey, member);
    }

    @Override
    public void deleteMember(String memberKey) {
        members.delete(memberKey);
    }

    @Override
    public List<MemberNotice> members(long app, String room) {
        List<MemberNotice> found = new ArrayList<>();
        try (KeyValueIterator<String, MemberNotice> all = members.prefixScan(Keys.memberPrefix(app, room), new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, MemberNotice> entry = all.next();
                // The escaped prefix finds only this room's keys; an unescaped key of an earlier version is skipped.
                if (Keys.tryParseMember(entry.key).filter(key -> key.groupId().equals(room)).isPresent()) {
                    found.add(entry.value);
                }
            }
        }
        return found;
    }

    @Override
    public long nextSnapshotNumber(String roomKey) {
        Long last = snapshots.get(roomKey);
        long next = last == null ? 1 : last + 1;
        snapshots.put(roomKey, next);
        return next;
    }

    @Override
    public boolean seenNotice(String noticeId) {
        long now = System.currentTimeMillis();
        try (WindowStoreIterator<Long> found = seen.fetch(noticeId, Instant.ofEpochMilli(now - dedupeWindow.toMillis()),
                Instant.ofEpochMilli(now + 60_000))) {
            return found.hasNext();
        }
    }

    @Override
    public void rememberNotice(String noticeId, long nowMillis) {
        seen.put(noticeId, nowMillis, nowMillis);
    }

    @Override
    public void forgetNotified(String memberKey) {
        notified.delete(memberKey);
    }

    @Override
    public int forgetNotifiedWhere(Predicate<String> unneeded) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = notified.all()) {
            all.forEachRemaining(entry -> {
                // A key of an earlier version that no longer parses (see Keys) is never asked about, and stays.
                if (Keys.tryParseMember(entry.key).isPresent() && unneeded.test(entry.key)) {
                    gone.add(entry.key);
                }
            });
        }
        gone.forEach(notified::delete);
        return gone.size();
    }

    @Override
    public boolean knowsMembers(long app, String room) {
        return anyOfRoom(notified, app, room) || anyOfRoom(members, app, room);
    }

    @Override
    public void forgetSnapshotNumber(String roomKey) {
        snapshots.delete(roomKey);
    }

    private static <V> boolean anyOfRoom(KeyValueStore<String, V> store, long app, String room) {
        try (KeyValueIterator<String, V> all = store.prefixScan(Keys.memberPrefix(app, room), new StringSerializer())) {
            while (all.hasNext()) {
                if (Keys.tryParseMember(all.next().key).filter(key -> key.groupId().equals(room)).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<String> pendingRooms() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, PendingRoom> all = pending.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Override
    public Optional<Programme> programme(String roomKey) {
        return Optional.ofNullable(programmes.get(roomKey));
    }

    @Override
    public void putProgramme(String roomKey, Programme programme) {
        programmes.put(roomKey, programme);
    }

    @Override
    public List<String> unwrittenProgrammes() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Programme> all = programmes.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.value.written()) {
                    keys.add(entry.key);
                }
            });
        }
        return keys;
    }
}
