package io.roomsync.rolesync.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
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
 * one of the permits free now while fewer claims of other planners, older than its turn, stand than there are free
 * permits; those are left for the older rooms, whose planners book them at their next step (every
 * {@code call-check-interval}). Which of its rooms a planner books for is its own order (it serves its rooms in the
 * order they became ready); the planner holding the oldest claim always may book, so no two planners wait on each
 * other. A claim stands while its planner keeps saying the room waits ({@link #waits}, every step), and lapses
 * {@code claimsLast} after it last did (its planner is stalled, its task moved to another process): a planner that
 * does not come never holds permits back for long. A room that stops waiting otherwise leaves at once ({@link #leaves}:
 * its queue emptied, its next call asks another API, it waits for a call slot; a room that ended, at its planner's
 * next step), and a closing task's claims all go
 * with it ({@link #forget}). Ties of readiness go by room key. Thread-safe: one
 * instance per budget, shared by the process's planners.
 */
public final class PermitTurns {

    /** The free permits of a budget and their booking: a look (a hint) and a booking that is one step in the limiter. */
    public interface Budget<P> {

        /** How many permits are free by the step's horizon (a look: a booking elsewhere may take them first). */
        int free();

        /** Books one, due by the step's horizon; empty when none is. */
        Optional<P> book();
    }

    /** Why a room got no permit when its planner asked ({@link #take}). */
    public enum Refusal {
        /** None of the budget's permits is free by the step's horizon. */
        NO_PERMIT_FREE,
        /** Permits are free, but no more than the claims of other planners' rooms that waited longer: left to them. */
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
     * A permit of {@code budget} for {@code roomKey}'s next call, if {@code planner}'s turn has come and one is free:
     * booked, and the room's claim withdrawn. Otherwise nothing is booked and the room's claim stands (made or renewed).
     *
     * @param planner    the task planning the room (its rooms share one turn)
     * @param readySince when the room became ready to send that call (role-sync's clock)
     * @param now        the planner's step (role-sync's clock)
     */
    public synchronized <P> Optional<P> take(String planner, String roomKey, Instant readySince, Instant now,
                                             Budget<P> budget) {
        int free = budget.free();
        Refusal refusal = Refusal.NO_PERMIT_FREE;
        if (free > 0) {
            if (olderClaimsOfOthers(planner, roomKey, readySince, free, now) < free) {
                Optional<P> permit = budget.book();
                if (permit.isPresent()) {
                    withdraw(roomKey);
                    return permit;
                }
            } else {
                refusal = Refusal.LEFT_FOR_OLDER_ROOMS;
            }
        }
        refused.accept(refusal);
        waits(planner, roomKey, readySince, now);
        return Optional.empty();
    }

    /**
     * {@code roomKey}, planned by {@code planner}, still waits since {@code readySince} for a permit of this budget:
     * its claim stands (made, renewed, or moved to this planner).
     */
    public synchronized void waits(String planner, String roomKey, Instant readySince, Instant now) {
        withdraw(roomKey);
        Claim claim = new Claim(planner, roomKey, readySince, now);
        byRoom.put(roomKey, claim);
        claims.add(claim);
    }

    /** {@code roomKey} no longer waits for a permit of this budget (see {@link CallPermits#leaves}): its claim is withdrawn. */
    public synchronized void leaves(String roomKey) {
        withdraw(roomKey);
    }

    /** {@code planner}'s task closed (its rooms are planned elsewhere, or nowhere): every claim it made is withdrawn. */
    public synchronized void forget(String planner) {
        for (Iterator<Claim> each = claims.iterator(); each.hasNext(); ) {
            Claim claim = each.next();
            if (claim.planner().equals(planner)) {
                each.remove();
                byRoom.remove(claim.roomKey());
            }
        }
    }

    /**
     * How many standing claims of other planners are older than {@code planner}'s turn (its oldest standing claim, or
     * the asking room's readiness if older), counted up to {@code enough} (beyond, the answer does not change); lapsed
     * claims met on the way are dropped.
     */
    private int olderClaimsOfOthers(String planner, String roomKey, Instant readySince, int enough, Instant now) {
        Claim asking = new Claim(planner, roomKey, readySince, now);
        int older = 0;
        for (Iterator<Claim> oldest = claims.iterator(); oldest.hasNext() && older < enough; ) {
            Claim claim = oldest.next();
            if (OLDEST_FIRST.compare(claim, asking) >= 0) {
                break;
            }
            if (!claim.renewedAt().plus(claimsLast).isAfter(now)) {
                oldest.remove();
                byRoom.remove(claim.roomKey());
                continue;
            }
            if (claim.planner().equals(planner)) {
                break;
            }
            older++;
        }
        return older;
    }

    private void withdraw(String roomKey) {
        Claim claim = byRoom.remove(roomKey);
        if (claim != null) {
            claims.remove(claim);
        }
    }
}
