package io.roomsync.rolesync.adapter.kafka;

import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.domain.RoomQueues;
import io.roomsync.rolesync.internal.ReconcileObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Room queues in changelogged stores. Entries are keyed {@code <room key>\u0001<arrival number, zero-padded>} (room ids
 * are printable ASCII, so the separator cannot occur in them and a prefix scan finds one room's entries in arrival
 * order), one store per input type so that each store's values have one Avro schema: commands ({@value #COMMANDS}, the
 * name of the held-commands store it grew from, so queued commands survive an upgrade), callbacks ({@value #EVENTS}) and
 * observations ({@value #OBSERVATIONS}); a room's queue is the three merged by arrival number. Per room with anything
 * queued, {@value #ROOMS} keeps {@code <retry at millis>|<failures>|<next arrival number>|<calls>} (retry at 0: no
 * wait; a value of the held-commands era has the same fields, or three without calls).
 *
 * <h2>Reading past removed entries</h2>
 * A queue is removed from its oldest end, and RocksDB keeps each removed key as a tombstone until compaction: a scan
 * from the room's prefix would step over every entry the room ever had since then (at 20 commands/s a room, thousands,
 * on every read of the head, and a read follows every removal). Each instance therefore remembers, per room, the arrival
 * number of the oldest entry its last read found ({@link #oldestSeen}; no entry below it is queued, as arrivals only
 * grow), and scans from there. Memory only: a new instance scans from the prefix once per room; a room whose queue
 * emptied numbers again from 0 and is scanned from the prefix again.
 */
final class StreamsRoomQueues implements RoomQueues {

    static final String COMMANDS = "held-commands";
    static final String EVENTS = "held-events";
    static final String OBSERVATIONS = "held-observations";
    static final String ROOMS = "held-rooms";
    private static final char SEPARATOR = '\u0001';

    private final KeyValueStore<String, MemberCommand> commands;
    private final KeyValueStore<String, ImEvent> events;
    private final KeyValueStore<String, ReconcileObservation> observations;
    private final KeyValueStore<String, String> rooms;
    private int heldAtLastLook;
    /** Per room with something queued: no entry with a lower arrival number is queued (see the class comment). */
    private final Map<String, Long> oldestSeen = new HashMap<>();

    StreamsRoomQueues(KeyValueStore<String, MemberCommand> commands, KeyValueStore<String, ImEvent> events,
                      KeyValueStore<String, ReconcileObservation> observations, KeyValueStore<String, String> rooms) {
        this.commands = commands;
        this.events = events;
        this.observations = observations;
        this.rooms = rooms;
    }

    /** One room's bookkeeping. */
    private record Room(long retryAtMillis, int failures, long nextArrival, int calls) {
        static Room parse(String value) {
            String[] parts = value.split("\\|");
            return new Room(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                    parts.length > 3 ? Integer.parseInt(parts[3]) : 0);
        }

        String format() {
            return retryAtMillis + "|" + failures + "|" + nextArrival + "|" + calls;
        }
    }

    @Override
    public boolean holds(String roomKey) {
        return rooms.get(roomKey) != null;
    }

    @Override
    public void append(String roomKey, SpecificRecord input) {
        String value = rooms.get(roomKey);
        if (value == null) {
            oldestSeen.remove(roomKey);
        }
        Room room = value == null ? new Room(0, 0, 0, 0) : Room.parse(value);
        String key = key(roomKey, room.nextArrival());
        if (input instanceof MemberCommand command) {
            commands.put(key, command);
        } else if (input instanceof ImEvent event) {
            events.put(key, event);
        } else if (input instanceof ReconcileObservation observation) {
            observations.put(key, observation);
        } else {
            throw new IllegalArgumentException("cannot queue a " + input.getClass().getName());
        }
        rooms.put(roomKey, new Room(room.retryAtMillis(), room.failures(), room.nextArrival() + 1, room.calls()).format());
    }

    @Override
    public List<Queued> head(String roomKey, int max) {
        long from = oldestSeen.getOrDefault(roomKey, 0L);
        List<Queued> all = new ArrayList<>();
        all.addAll(scan(commands, roomKey, from, max));
        all.addAll(scan(events, roomKey, from, max));
        all.addAll(scan(observations, roomKey, from, max));
        all.sort(Comparator.comparingLong(Queued::seq));
        if (!all.isEmpty()) {
            oldestSeen.put(roomKey, all.get(0).seq());
        }
        return all.size() > max ? List.copyOf(all.subList(0, max)) : all;
    }

    @Override
    public void remove(String roomKey, Queued entry) {
        String key = key(roomKey, entry.seq());
        if (entry.input() instanceof MemberCommand) {
            commands.delete(key);
        } else if (entry.input() instanceof ImEvent) {
            events.delete(key);
        } else {
            observations.delete(key);
        }
        if (head(roomKey, 1).isEmpty()) {
            rooms.delete(roomKey);
            oldestSeen.remove(roomKey);
        }
    }

    @Override
    public Tries tries(String roomKey) {
        String value = rooms.get(roomKey);
        if (value == null) {
            return Tries.NONE;
        }
        Room room = Room.parse(value);
        return new Tries(Instant.ofEpochMilli(room.retryAtMillis()), room.failures(), room.calls());
    }

    @Override
    public void tries(String roomKey, Tries tries) {
        Room room = Room.parse(rooms.get(roomKey));
        rooms.put(roomKey, new Room(tries.retryAt().toEpochMilli(), tries.failures(), room.nextArrival(), tries.calls()).format());
    }

    @Override
    public List<String> rooms() {
        List<String> all = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = rooms.all()) {
            entries.forEachRemaining(entry -> all.add(entry.key));
        }
        return all;
    }

    @Override
    public List<String> due(Instant now) {
        List<String> due = new ArrayList<>();
        int held = 0;
        try (KeyValueIterator<String, String> all = rooms.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                long retryAt = Room.parse(entry.value).retryAtMillis();
                if (retryAt > 0) {
                    held++;
                    if (retryAt <= now.toEpochMilli()) {
                        due.add(entry.key);
                    }
                }
            }
        }
        heldAtLastLook = held;
        return due;
    }

    /** How many rooms waited for a retry after a failure when {@link #due} last looked (the metric; no walk of its own). */
    int heldAtLastLook() {
        return heldAtLastLook;
    }

    private static String key(String roomKey, long arrival) {
        return String.format("%s%c%015d", roomKey, SEPARATOR, arrival);
    }

    /** The room's entries of {@code store} from arrival number {@code from} on, at most {@code max}, oldest first. */
    private static <V extends SpecificRecord> List<Queued> scan(KeyValueStore<String, V> store, String roomKey, long from,
                                                                int max) {
        List<Queued> entries = new ArrayList<>();
        int prefix = roomKey.length() + 1;
        // Both bounds inclusive; no key is <room key><SEPARATOR + 1> itself (room keys are printable ASCII).
        try (KeyValueIterator<String, V> scan = store.range(key(roomKey, from), roomKey + (char) (SEPARATOR + 1))) {
            while (scan.hasNext() && entries.size() < max) {
                KeyValue<String, V> entry = scan.next();
                entries.add(new Queued(Long.parseLong(entry.key.substring(prefix)), entry.value));
            }
        }
        return entries;
    }
}
