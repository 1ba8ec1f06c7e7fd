package io.roomsync.rolesync.adapter.kafka;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.domain.MemberStates;
import io.roomsync.rolesync.domain.RoomSummaries;
import io.roomsync.support.http.BadRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.cloud.stream.binder.kafka.streams.InteractiveQueryService;
import org.springframework.stereotype.Component;

/** Answers from the global tables every replica keeps: a member's state, a room's admins/muted/banned, results. */
@Component
public class MemberQueries {

    /**
     * A member's permissions as the API shows them; version 0 means never changed (a plain member). {@code changedBy}
     * says who made the last change in words ({@link RoomSummaries#changedBy}).
     */
    public record MemberView(long app, String room, String user, String role, Instant mutedUntil, Instant bannedUntil,
                             boolean muted, boolean banned, boolean present, long version, String cause,
                             String causeKind, String changedBy, Instant changedAt) {
        static MemberView of(MemberState state, Instant now) {
            return new MemberView(state.getSdkAppId(), state.getRoom(), state.getMember(), state.getRole().name(),
                    state.getMutedUntil(), state.getBannedUntil(), MemberStates.inForce(state.getMutedUntil(), now),
                    MemberStates.inForce(state.getBannedUntil(), now), state.getPresent(), state.getVersion(),
                    state.getCause(), state.getCauseKind().name(),
                    RoomSummaries.changedBy(state.getCauseKind(), state.getCause()), state.getChangedAt());
        }
    }

    /** A command's outcome as the API shows it. */
    public record ResultView(String commandId, long sdkAppId, String room, List<String> members, String action, String outcome,
                             Integer errorCode, String errorInfo, int attempts, Instant completedAt) {
    }

    /** Which members a room listing shows. */
    public enum Filter {
        ALL, ADMIN, MUTED, BANNED;

        public static Filter parse(String role) {
            if (role == null || role.isBlank()) {
                return ALL;
            }
            try {
                return valueOf(role.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("role must be admin, muted or banned, not '" + role + "'");
            }
        }
    }

    private final InteractiveQueryService queries;

    public MemberQueries(InteractiveQueryService queries) {
        this.queries = queries;
    }

    public MemberView member(long app, String room, String user) {
        MemberState state = states().get(Keys.member(app, room, user));
        return MemberView.of(state != null ? state : MemberStates.initial(app, room, user), Instant.now());
    }

    public List<MemberView> members(long app, String room, Filter filter) {
        Instant now = Instant.now();
        List<MemberView> members = new ArrayList<>();
        try (KeyValueIterator<String, MemberState> all = states().prefixScan(Keys.memberPrefix(app, room), new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, MemberState> entry = all.next();
                // The escaped prefix finds only this room's keys; an unescaped key of an earlier version is skipped.
                if (Keys.tryParseMember(entry.key).filter(key -> key.groupId().equals(room)).isEmpty()) {
                    continue;
                }
                MemberView view = MemberView.of(entry.value, now);
                boolean shown = switch (filter) {
                    case ALL -> true;
                    case ADMIN -> entry.value.getRole() == MemberRole.ADMIN;
                    case MUTED -> view.muted();
                    case BANNED -> view.banned();
                };
                if (shown) {
                    members.add(view);
                }
            }
        }
        return members;
    }

    /**
     * The rooms {@code search} finds among the apps {@code mayShow} accepts, with their counts ({@link RoomSummaries}): one pass over the whole member-state
     * table of this replica, so its cost grows with the members held (the console asks for it on demand).
     */
    public List<RoomSummaries.RoomSummary> summaries(RoomSummaries.Search search, java.util.function.LongPredicate mayShow) {
        try (KeyValueIterator<String, MemberState> all = states().all()) {
            Iterable<MemberState> states = () -> new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public MemberState next() {
                    return all.next().value;
                }
            };
            return RoomSummaries.of(states, search, mayShow, Instant.now());
        }
    }

    /** Every room this deployment knows a member of, as (app, room). */
    public List<Keys.MemberKey> rooms() {
        List<Keys.MemberKey> rooms = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KeyValueIterator<String, MemberState> all = states().all()) {
            while (all.hasNext()) {
                Keys.tryParseMember(all.next().key)
                        .filter(key -> seen.add(Keys.appRoom(key.sdkAppId(), key.groupId())))
                        .ifPresent(rooms::add);
            }
        }
        return rooms;
    }

    public Optional<ResultView> result(String commandId) {
        ReadOnlyKeyValueStore<String, CommandResult> results = queries.getQueryableStore(
                RoleSyncTopology.COMMAND_RESULT_VIEW, QueryableStoreTypes.keyValueStore());
        return Optional.ofNullable(results.get(commandId)).map(r -> new ResultView(r.getCommandId(), r.getSdkAppId(), r.getRoom(),
                r.getMembers(), r.getAction(), r.getOutcome().name(), r.getErrorCode(), r.getErrorInfo(), r.getAttempts(),
                r.getCompletedAt()));
    }

    private ReadOnlyKeyValueStore<String, MemberState> states() {
        return queries.getQueryableStore(RoleSyncTopology.MEMBER_STATE_VIEW, QueryableStoreTypes.keyValueStore());
    }
}
