package io.roomsync.rolesync.adapter.kafka;

import io.roomsync.contract.member.MemberCommand;
import io.roomsync.rolesync.domain.HeldCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Held commands in two changelogged stores: the commands by {@code <room key>\u0001<arrival number, zero-padded>}
 * (room ids are printable ASCII, so the separator cannot occur in them and a prefix scan finds one room's commands in
 * arrival order), and per held room {@code <retry at millis>|<failures>|<next arrival number>|<calls>} (calls: Tencent
 * calls made for the room's first command so far; a value written before calls were kept has three fields and counts
 * none).
 */
final class StreamsHeldCommands implements HeldCommands {

    static final String COMMANDS = "held-commands";
    static final String ROOMS = "held-rooms";
    private static final char SEPARATOR = '\u0001';

    private final KeyValueStore<String, MemberCommand> commands;
    private final KeyValueStore<String, String> rooms;
    private int roomsAtLastLook;

    StreamsHeldCommands(KeyValueStore<String, MemberCommand> commands, KeyValueStore<String, String> rooms) {
        this.commands = commands;
        this.rooms = rooms;
    }

    /** One held room's bookkeeping. */
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
    public void hold(String roomKey, MemberCommand command) {
        String value = rooms.get(roomKey);
        Room room = value == null ? new Room(0, 0, 0, 0) : Room.parse(value);
        commands.put(String.format("%s%c%015d", roomKey, SEPARATOR, room.nextArrival()), command);
        rooms.put(roomKey, new Room(room.retryAtMillis(), room.failures(), room.nextArrival() + 1, room.calls()).format());
    }

    @Override
    public Optional<MemberCommand> first(String roomKey) {
        return firstEntry(roomKey).map(entry -> entry.value);
    }

    @Override
    public void release(String roomKey) {
        firstEntry(roomKey).ifPresent(entry -> commands.delete(entry.key));
        if (firstEntry(roomKey).isEmpty()) {
            rooms.delete(roomKey);
        } else {
            Room room = Room.parse(rooms.get(roomKey));
            rooms.put(roomKey, new Room(room.retryAtMillis(), 0, room.nextArrival(), 0).format());
        }
    }

    @Override
    public void retryAt(String roomKey, Instant when, int failures, int calls) {
        Room room = Room.parse(rooms.get(roomKey));
        rooms.put(roomKey, new Room(when.toEpochMilli(), failures, room.nextArrival(), calls).format());
    }

    @Override
    public int failures(String roomKey) {
        String value = rooms.get(roomKey);
        return value == null ? 0 : Room.parse(value).failures();
    }

    @Override
    public int calls(String roomKey) {
        String value = rooms.get(roomKey);
        return value == null ? 0 : Room.parse(value).calls();
    }

    @Override
    public List<String> due(Instant now) {
        List<String> due = new ArrayList<>();
        int held = 0;
        try (KeyValueIterator<String, String> all = rooms.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                held++;
                if (Room.parse(entry.value).retryAtMillis() <= now.toEpochMilli()) {
                    due.add(entry.key);
                }
            }
        }
        roomsAtLastLook = held;
        return due;
    }

    /** How many rooms held commands when {@link #due} last looked (the metric; no walk of its own). */
    int roomsAtLastLook() {
        return roomsAtLastLook;
    }

    private Optional<KeyValue<String, MemberCommand>> firstEntry(String roomKey) {
        try (KeyValueIterator<String, MemberCommand> scan = commands.prefixScan(roomKey + SEPARATOR, new StringSerializer())) {
            return scan.hasNext() ? Optional.of(scan.next()) : Optional.empty();
        }
    }
}
