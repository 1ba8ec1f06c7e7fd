package io.roomsync.rolesync.domain;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Each room's queue of accepted inputs not applied yet, in arrival order: the commands waiting for their Tencent call
 * (sent, in flight, or held back while Tencent fails the oldest), and the member-changing callbacks and reconcile
 * observations that arrived behind them and wait their turn, so a room's changes are applied in the order of its
 * partition. Kept in the task's changelogged stores: after a crash or a task migration the queue is where it was at the
 * last commit, and its oldest commands are sent again.
 *
 * <p>Per room it also keeps the bookkeeping of the oldest entry's tries: how many failed in a row, the Tencent calls
 * made by them, and when to try again (the backoff after a failure).
 */
public interface RoomQueues {

    /** One queued input and its place in the room's queue (higher: later). */
    record Queued(long seq, SpecificRecord input) {
    }

    /**
     * The tries of the room's oldest entries.
     *
     * @param retryAt  when the oldest may be sent again after a failure ({@link Instant#EPOCH}: at once)
     * @param failures tries that failed in a row since the oldest entry last changed
     * @param calls    Tencent calls made by those tries (the client's own retries counted)
     */
    record Tries(Instant retryAt, int failures, int calls) {
        public static final Tries NONE = new Tries(Instant.EPOCH, 0, 0);
    }

    /** Whether the room has anything queued. */
    boolean holds(String roomKey);

    /** Appends {@code input} (a MemberCommand, ImEvent or ReconcileObservation) behind the room's queued inputs. */
    void append(String roomKey, SpecificRecord input);

    /** The room's oldest {@code max} entries, oldest first (empty when nothing is queued). */
    List<Queued> head(String roomKey, int max);

    /** Removes one entry (as {@link #head} gave it); the room's bookkeeping goes with its last entry. */
    void remove(String roomKey, Queued entry);

    /** The tries of the room's oldest entries ({@link Tries#NONE} when none failed or nothing is queued). */
    Tries tries(String roomKey);

    /** Records the tries of the room's oldest entries (the room must hold something). */
    void tries(String roomKey, Tries tries);

    /** Every room with something queued (read when a task starts: their oldest commands are sent again). */
    List<String> rooms();

    /** The rooms waiting for a retry whose time has come. */
    List<String> due(Instant now);
}
