package io.roomsync.rolesync.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Whose turn it is to book one budget's permits (one Tencent API of one app in this process), across the planners of
 * the process's tasks: the planner whose room has waited longest goes first. Without it the planner that happened to
 * run first after permits came free took them all for its own rooms, and a room of another task could wait several
 * cycles behind rooms that became ready after it.
 *
 * <p>A room that finds no permit leaves a <em>claim</em>: its planner and the moment it became ready to send. A
 * planner's turn is its oldest standing claim (or the asking room's readiness, if older or it has none): it may book
 * one of the permits free now while fewer claims of other planners, older than its turn and not served yet, stand than
 * there are free permits. When they are as many as the free permits or more, it books those permits for the oldest of
 * them there and then, each <em>kept</em> for its room's planner ({@link #take} hands it to the first of that planner's
 * rooms to ask, and {@link #holds} tells the planner to ask although its step found the budget spent): booked at once, a permit left
 * to a room of another planner is not lost when the limiter's cycle ends before that planner's step (a permit is used
 * up to one cycle after it was due), and a step that found none left truly leaves none behind. Which of its rooms a
 * planner books for is its own order (it serves its rooms in the order they became ready); the planner holding the
 * oldest claim always may book, so no two planners wait on each other. A claim stands while its planner keeps saying
 * the room waits ({@link #waits}, every step), and lapses {@code claimsLast} after it last did (its planner is
 * stalled, its task moved to another process): a planner that does not come never holds permits back for long. A room
 * that stops waiting otherwise leaves at once ({@link #leaves}: its queue emptied, its next call asks another API, it
 * waits for a call slot), and a closing task's claims all go with it ({@link #forget}). A permit kept for a room whose
 * claim went so becomes <em>spare</em>: the next room whose turn it is takes it before the limiter's own, while it is
 * usable. Ties of readiness go by room key. Thread-safe: one instance per budget, shared by the process's planners.
 *
 * @param <P> a booked permit
 */
public final class PermitTurns<P> {

    /** The free permits of a budget and their booking: a look (a hint) and a booking that is one step in the limiter. */
    public interface Budget<P> {

        /** How many permits are free by the step's horizon (a look: a booking elsewhere may take them first). */
        int free();

        /** Books one, due by the step's horizon; empty when none is. */
        Optional<P> book();

        /** Whether a permit booked earlier (kept for a room) can still be used: not lapsed. Yes by default. */
        default boolean usable(P permit) {
            return true;
        }
    }

    /** Why a room got no permit when its planner asked ({@link #take}). */
    public enum Refusal {
        /** None of the budget's permits is free by the step's horizon. */
        NO_PERMIT_FREE,
        /**
         * Permits were free, but no more than the claims of other planners' rooms that waited longer: booked for them
         * (kept until their planners come).
         */
        LEFT_FOR_OLDER_ROOMS
    }

    private record Claim(String planner, String roomKey, Instant readySince, Instant renewedAt) {
    }

    private static final Comparator<Claim> OLDEST_FIRST =
            Comparator.comparing(Claim::readySince).thenComparing(Claim::roomKey);

    private final Duration claimsLast;
    private final Consumer<Refusal> refused;
    private final TreeSet<Claim> claims = new TreeSet<>(OLDEST_FIRST);
    private final Map<String, Claim> byRoom = new HashMap<>();
    /** Permits booked for a claiming room by another planner's step, until the room's planner takes them. */
    private final Map<String, P> kept = new HashMap<>();
    /** Permits kept for rooms that stopped waiting first: the next rooms whose turn it is take them. */
    private final Deque<P> spare = new ArrayDeque<>();

    /**
     * @param claimsLast how long a claim stands after its planner last said the room waits
     * @param refused    told of every refusal of {@link #take}, with its cause (a meter), under the turns' lock: it
     *                   must be quick and must not call back
     */
    public PermitTurns(Duration claimsLast, Consumer<Refusal> refused) {
        this.claimsLast = claimsLast;
        this.refused = refused;
    }

    /** As {@link #PermitTurns(Duration, Consumer)}, refusals told to nobody. */
    public PermitTurns(Duration claimsLast) {
        this(claimsLast, cause -> {
        });
    }

    /**
     * A permit of {@code budget} for {@code roomKey}'s next call: the one kept for it, or, if {@code planner}'s turn
     * has come and one is free, a spare one or one booked now; the room's claim withdrawn. Otherwise the room's claim
     * stands (made or renewed), and the free permits, if any, are booked for the older rooms of other planners.
     *
     * @param planner    the task planning the room (its rooms share one turn)
     * @param readySince when the room became ready to send that call (role-sync's clock)
     * @param now        the planner's step (role-sync's clock)
     */
    public synchronized Optional<P> take(String planner, String roomKey, Instant readySince, Instant now,
                                         Budget<P> budget) {
        lapseKept(now);
        for (String keptRoom = keptRoomOf(planner, roomKey); keptRoom != null; keptRoom = keptRoomOf(planner, roomKey)) {
            P permit = kept.remove(keptRoom);
            if (budget.usable(permit)) {
                withdraw(roomKey);
                return Optional.of(permit);
            }
        }
        spare.removeIf(permit -> !budget.usable(permit));
        int free = spare.size() + budget.free();
        Refusal refusal = Refusal.NO_PERMIT_FREE;
        if (free > 0) {
            List<Claim> older = olderWaitingClaimsOfOthers(planner, roomKey, readySince, free, now);
            if (older.size() < free) {
                Optional<P> permit = next(budget);
                if (permit.isPresent()) {
                    withdraw(roomKey);
                    return permit;
                }
            } else {
                refusal = Refusal.LEFT_FOR_OLDER_ROOMS;
                for (Claim claim : older) {
                    Optional<P> permit = next(budget);
                    if (permit.isEmpty()) {
                        break;
                    }
                    kept.put(claim.roomKey(), permit.get());
                }
            }
        }
        refused.accept(refusal);
        waits(planner, roomKey, readySince, now);
        return Optional.empty();
    }

    /**
     * Whether a permit is kept for one of {@code planner}'s rooms (booked for it by another planner's step): the
     * planner asks for it ({@link #take}, whichever of its rooms asks first gets it) even when its step found the
     * budget spent for its other rooms.
     */
    public synchronized boolean holds(String planner) {
        return keptRoomOf(planner, null) != null;
    }

    /**
     * {@code roomKey}, planned by {@code planner}, still waits since {@code readySince} for a permit of this budget:
     * its claim stands (made, renewed, or moved to this planner).
     */
    public synchronized void waits(String planner, String roomKey, Instant readySince, Instant now) {
        Claim was = byRoom.remove(roomKey);
        if (was != null) {
            claims.remove(was);
        }
        Claim claim = new Claim(planner, roomKey, readySince, now);
        byRoom.put(roomKey, claim);
        claims.add(claim);
    }

    /**
     * {@code roomKey} no longer waits for a permit of this budget (see {@link CallPermits#leaves}): its claim is
     * withdrawn, and a permit kept for it is spare.
     */
    public synchronized void leaves(String roomKey) {
        withdraw(roomKey);
    }

    /**
     * {@code planner}'s task closed (its rooms are planned elsewhere, or nowhere): every claim it made is withdrawn, and
     * the permits kept for its rooms are spare.
     */
    public synchronized void forget(String planner) {
        List<String> rooms = new ArrayList<>();
        claims.forEach(claim -> {
            if (claim.planner().equals(planner)) {
                rooms.add(claim.roomKey());
            }
        });
        rooms.forEach(this::withdraw);
    }

    /**
     * The room a permit is kept for that {@code planner}'s {@code roomKey} may take: its own, else one of its planner's
     * other rooms (a planner's rooms share one turn); null when none.
     */
    private String keptRoomOf(String planner, String roomKey) {
        if (roomKey != null && kept.containsKey(roomKey)) {
            return roomKey;
        }
        for (String keptRoom : kept.keySet()) {
            Claim claim = byRoom.get(keptRoom);
            if (claim != null && claim.planner().equals(planner)) {
                return keptRoom;
            }
        }
        return null;
    }

    /** The claims holding a kept permit that lapsed go, and their permits become spare (before any is counted). */
    private void lapseKept(Instant now) {
        List<String> lapsed = new ArrayList<>();
        kept.keySet().forEach(room -> {
            Claim claim = byRoom.get(room);
            if (claim == null || !claim.renewedAt().plus(claimsLast).isAfter(now)) {
                lapsed.add(room);
            }
        });
        lapsed.forEach(this::withdraw);
    }

    /** A spare permit, or one booked now. */
    private Optional<P> next(Budget<P> budget) {
        P permit = spare.poll();
        return permit != null ? Optional.of(permit) : budget.book();
    }

    /**
     * The standing claims of other planners older than {@code planner}'s turn (its oldest standing claim, or the asking
     * room's readiness if older) and with no permit kept for them, oldest first, up to {@code enough} (beyond, the
     * answer does not change); lapsed claims met on the way are dropped.
     */
    private List<Claim> olderWaitingClaimsOfOthers(String planner, String roomKey, Instant readySince, int enough,
                                                   Instant now) {
        Claim asking = new Claim(planner, roomKey, readySince, now);
        List<Claim> older = new ArrayList<>();
        List<Claim> lapsed = new ArrayList<>();
        for (Claim claim : claims) {
            if (older.size() >= enough || OLDEST_FIRST.compare(claim, asking) >= 0) {
                break;
            }
            if (!claim.renewedAt().plus(claimsLast).isAfter(now)) {
                lapsed.add(claim);
                continue;
            }
            if (claim.planner().equals(planner)) {
                break;
            }
            if (!kept.containsKey(claim.roomKey())) {
                older.add(claim);
            }
        }
        lapsed.forEach(claim -> withdraw(claim.roomKey()));
        return older;
    }

    /** The room's claim goes; a permit kept for it becomes spare. */
    private void withdraw(String roomKey) {
        Claim claim = byRoom.remove(roomKey);
        if (claim != null) {
            claims.remove(claim);
        }
        P permit = kept.remove(roomKey);
        if (permit != null) {
            spare.add(permit);
        }
    }
}
