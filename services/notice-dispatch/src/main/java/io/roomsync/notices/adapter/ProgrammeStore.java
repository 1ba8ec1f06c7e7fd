package io.roomsync.notices.adapter;

import io.roomsync.notices.domain.Programme;
import java.util.Optional;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.cloud.stream.binder.kafka.streams.InteractiveQueryService;
import org.springframework.stereotype.Component;

/**
 * Reads rooms' programmes from the stream tasks' {@code room-programmes} store (interactive queries, as role-sync's
 * member queries): this process's tasks' rooms, so with several replicas a room owned by another one reads as none.
 *
 * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is not loaded (the API answers 503)
 */
@Component
public class ProgrammeStore {

    private final InteractiveQueryService queries;

    public ProgrammeStore(InteractiveQueryService queries) {
        this.queries = queries;
    }

    /** The room's programme ({@code app/room}, {@link io.roomsync.contract.Keys#appRoom}), cancelled ones included. */
    public Optional<Programme> programme(String roomKey) {
        ReadOnlyKeyValueStore<String, Programme> store = queries.getQueryableStore(StreamsRooms.PROGRAMMES,
                QueryableStoreTypes.keyValueStore());
        return Optional.ofNullable(store.get(roomKey));
    }
}
