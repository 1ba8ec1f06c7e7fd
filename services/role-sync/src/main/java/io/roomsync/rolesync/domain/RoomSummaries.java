package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.MemberRole;
import io.roomsync.contract.member.MemberState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The rooms list of the operator console (README, "Operator console"): one line per room role-sync holds member
 * state of, with how many members it knows, how many are present, admins, muted and banned now, and when a member
 * last changed. Plain Java over the member states; the adapter feeds it the whole member-state table.
 */
public final class RoomSummaries {

    /**
     * One room.
     *
     * @param app           the room's SdkAppid
     * @param room          Tencent's GroupId
     * @param members       members role-sync holds a state of (every member that ever changed)
     * @param present       of those, in the room now (join/exit/online callbacks)
     * @param admins        with role ADMIN or OWNER
     * @param muted         with a mute in force at {@code now}
     * @param banned        with a ban in force at {@code now}
     * @param version       the sum of the members' versions: one more on every change of a member (a member removed
     *                      by state retention takes its versions away)
     * @param lastChangedAt the latest {@code changedAt} of its members
     */
    public record RoomSummary(long app, String room, int members, int present, int admins, int muted, int banned,
                              long version, Instant lastChangedAt) {
    }

    /**
     * What the list shows: rooms whose id contains {@code room}, and among them those with a member whose id
     * contains {@code user} (both case-insensitive; null or blank: no condition), of {@code app} (null: every app).
     */
    public record Search(Long app, String room, String user, int limit) {
        /** The most rooms one answer lists. */
        public static final int MAX_LIMIT = 1000;

        public Search {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
            }
            room = lower(room);
            user = lower(user);
        }

        private static String lower(String text) {
            return text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
        }
    }

    private RoomSummaries() {
    }

    /**
     * The rooms of {@code states} that {@code search} finds, most recently changed first (then by app and room), at
     * most {@code search.limit()}, of the apps {@code mayShow} accepts (the caller's token). A room destroyed (its members' last cause ROOM_DESTROYED) is still listed until
     * state retention removes it.
     */
    public static List<RoomSummary> of(Iterable<MemberState> states, Search search, LongPredicate mayShow, Instant now) {
        Map<String, Tally> rooms = new LinkedHashMap<>();
        for (MemberState state : states) {
            if (search.app() != null && state.getSdkAppId() != search.app() || !mayShow.test(state.getSdkAppId())) {
                continue;
            }
            if (search.room() != null && !state.getRoom().toLowerCase(Locale.ROOT).contains(search.room())) {
                continue;
            }
            rooms.computeIfAbsent(state.getSdkAppId() + "/" + state.getRoom(),
                    key -> new Tally(state.getSdkAppId(), state.getRoom())).add(state, search.user(), now);
        }
        List<RoomSummary> found = new ArrayList<>();
        for (Tally tally : rooms.values()) {
            if (search.user() == null || tally.userFound) {
                found.add(tally.summary());
            }
        }
        found.sort(Comparator.comparing(RoomSummary::lastChangedAt).reversed()
                .thenComparingLong(RoomSummary::app).thenComparing(RoomSummary::room));
        return found.size() > search.limit() ? found.subList(0, search.limit()) : found;
    }

    /** Counts of one room while the states are read. */
    private static final class Tally {
        private final long app;
        private final String room;
        private int members;
        private int present;
        private int admins;
        private int muted;
        private int banned;
        private long version;
        private Instant lastChangedAt = Instant.EPOCH;
        private boolean userFound;

        Tally(long app, String room) {
            this.app = app;
            this.room = room;
        }

        void add(MemberState state, String user, Instant now) {
            members++;
            present += state.getPresent() ? 1 : 0;
            admins += state.getRole() == MemberRole.ADMIN || state.getRole() == MemberRole.OWNER ? 1 : 0;
            muted += MemberStates.inForce(state.getMutedUntil(), now) ? 1 : 0;
            banned += MemberStates.inForce(state.getBannedUntil(), now) ? 1 : 0;
            version += state.getVersion();
            if (state.getChangedAt().isAfter(lastChangedAt)) {
                lastChangedAt = state.getChangedAt();
            }
            userFound |= user != null && state.getMember().toLowerCase(Locale.ROOT).contains(user);
        }

        RoomSummary summary() {
            return new RoomSummary(app, room, members, present, admins, muted, banned, version, lastChangedAt);
        }
    }

    /**
     * Who made a member's last change, in the words the console shows: {@code operator} (a command of the HTTP API or
     * of another service), {@code moderation} (a command moderation sent; its ids start {@code moderation:}),
     * {@code callback} (a Tencent callback, an ImEvent), {@code reconcile}, {@code expiry}, {@code room-ended};
     * {@code none} for a member never changed.
     */
    public static String changedBy(ChangeCause kind, String cause) {
        return switch (kind) {
            case COMMAND -> cause != null && cause.startsWith("moderation:") ? "moderation" : "operator";
            case EVENT -> "callback";
            case RECONCILE -> "reconcile";
            case EXPIRY -> "expiry";
            case ROOM_DESTROYED -> "room-ended";
            case UNKNOWN -> "none";
        };
    }
}
