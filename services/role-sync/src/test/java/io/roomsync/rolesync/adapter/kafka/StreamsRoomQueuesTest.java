package io.roomsync.rolesync.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.domain.RoomQueues;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Room queues in key-value stores that, as RocksDB, keep a removed key as a tombstone which scans step over. */
class StreamsRoomQueuesTest {

    private static final String ROOM = "1400000000:live_1";

    private final TombstoneStore<MemberCommand> commands = new TombstoneStore<>();
    private final TombstoneStore<String> rooms = new TombstoneStore<>();
    private final StreamsRoomQueues queues = new StreamsRoomQueues(commands.store(),
            new TombstoneStore<io.roomsync.contract.im.ImEvent>().store(),
            new TombstoneStore<io.roomsync.rolesync.internal.ReconcileObservation>().store(), rooms.store());

    @Test
    void readingTheHeadAfterItsOldestEntriesWereRemovedStepsOverNoneOfThem() {
        // Given a room with 100 commands queued, whose oldest 99 were removed one by one, oldest first
        IntStream.range(0, 100).forEach(i -> queues.append(ROOM, mute("cmd-" + i)));
        for (int i = 0; i < 99; i++) {
            queues.remove(ROOM, queues.head(ROOM, 1).get(0));
        }
        int tombstonesBefore = commands.tombstonesVisited;

        // When its head is read
        List<RoomQueues.Queued> head = queues.head(ROOM, 500);

        // Then it is the last command, found without stepping over a removed entry
        assertThat(head).extracting(RoomQueues.Queued::seq).containsExactly(99L);
        assertThat(((MemberCommand) head.get(0).input()).getId()).isEqualTo("cmd-99");
        assertThat(commands.tombstonesVisited - tombstonesBefore).isZero();
    }

    @Test
    void aRoomWhoseQueueEmptiedNumbersAgainFromZeroAndItsNewEntriesAreFound() {
        // Given a room whose two commands were queued and removed
        queues.append(ROOM, mute("cmd-0"));
        queues.append(ROOM, mute("cmd-1"));
        queues.remove(ROOM, queues.head(ROOM, 1).get(0));
        queues.remove(ROOM, queues.head(ROOM, 1).get(0));

        // When a new command is queued
        queues.append(ROOM, mute("cmd-2"));

        // Then it is the room's head, numbered 0 again
        assertThat(queues.holds(ROOM)).isTrue();
        assertThat(queues.head(ROOM, 500)).extracting(RoomQueues.Queued::seq).containsExactly(0L);
        assertThat(((MemberCommand) queues.head(ROOM, 500).get(0).input()).getId()).isEqualTo("cmd-2");
    }

    private static MemberCommand mute(String id) {
        return MemberCommand.newBuilder().setId(id).setSdkAppId(1400000000L).setRoom("live_1")
                .setMembers(List.of("alice")).setAction(MemberAction.MUTE).setDurationSeconds(600L).setReason("spam")
                .setRequester("test").setRequestedAt(Instant.parse("2026-11-25T10:00:00Z")).build();
    }

    /** A sorted store keeping removed keys as tombstones that scans step over (and count), as RocksDB's until compaction. */
    static final class TombstoneStore<V> {
        final NavigableMap<String, Optional<V>> entries = new TreeMap<>();
        int tombstonesVisited;

        @SuppressWarnings("unchecked")
        KeyValueStore<String, V> store() {
            return (KeyValueStore<String, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> entries.getOrDefault((String) args[0], Optional.empty()).orElse(null);
                        case "put" -> {
                            entries.put((String) args[0], Optional.ofNullable((V) args[1]));
                            yield null;
                        }
                        case "delete" -> {
                            Optional<V> old = entries.put((String) args[0], Optional.empty());
                            yield old == null ? null : old.orElse(null);
                        }
                        case "range" -> iterator(entries.subMap((String) args[0], true, (String) args[1], true));
                        case "prefixScan" -> iterator(entries.tailMap((String) args[0], true).headMap(args[0] + "\uffff"));
                        case "all" -> iterator(entries);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private KeyValueIterator<String, V> iterator(Map<String, Optional<V>> range) {
            Iterator<Map.Entry<String, Optional<V>>> all = range.entrySet().iterator();
            return new KeyValueIterator<>() {
                private KeyValue<String, V> next = advance();

                private KeyValue<String, V> advance() {
                    while (all.hasNext()) {
                        Map.Entry<String, Optional<V>> entry = all.next();
                        if (entry.getValue().isPresent()) {
                            return KeyValue.pair(entry.getKey(), entry.getValue().get());
                        }
                        tombstonesVisited++;
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public KeyValue<String, V> next() {
                    KeyValue<String, V> current = next;
                    next = advance();
                    return current;
                }

                @Override
                public String peekNextKey() {
                    return next.key;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
