package io.roomsync.notices.domain;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The process's queue of due room snapshots, one per IM app, shared by every stream task's {@link Dispatcher}: the
 * order in which snapshots take the app's attribute writes (Tencent's 5 a second per app, this replica's share of it).
 * Without it each task's tick took a free write first-come, so a task whose rooms were always due could starve another
 * task's rooms for as long as the load lasted.
 *
 * <p><b>Order.</b> Rooms owing a programme change first (a programme is announced once; the attribute is what a viewer
 * joining later reads), then the oldest due first: a room's snapshot is due from its first change not yet written, or
 * from the end of its {@code snapshot-interval} after its last write if that is later. Equal due times keep the order
 * they were queued in. Only the head of an app's queue may take a write; a task whose room is not at the head waits,
 * so a room waits at most for the rooms of its app that were due before it (each room has one entry at most).
 *
 * <p><b>Entries.</b> A task queues a room when its snapshot is due and the room could be written now (no call of the
 * room in flight), takes it out when it starts the write, and takes out all of its rooms when it closes (a rebalance
 * revoked it, or the process stops). A task re-queues its rooms at every tick; an entry not re-queued for
 * {@code staleAfter} (its task gone without closing, or its thread stuck) is dropped when it reaches the head, so the
 * head is never stuck; the room comes back, at its place by due time, once its task ticks again.
 *
 * <p>Thread-safe: every stream thread of the process calls it (briefly, under one lock).
 */
public final class SnapshotQueue {

    /** How long an entry stays without being re-queued by its task's tick (every {@code tick}, 20 ms) by default. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(1);

    /** One due snapshot: whose it is (the task's dispatcher), the room, and its place. */
    private record Entry(Object owner, String roomKey, boolean programme, long dueAtMillis, long order, long seenAtMillis) {
    }

    private record Key(Object owner, String roomKey) {
    }

    private static final Comparator<Entry> HEAD_FIRST = Comparator.comparing((Entry e) -> !e.programme())
            .thenComparingLong(Entry::dueAtMillis).thenComparingLong(Entry::order);

    private final long staleAfterMillis;
    private final Map<Long, TreeSet<Entry>> byApp = new HashMap<>();
    private final Map<Key, Entry> entries = new HashMap<>();
    private final Map<Key, Long> apps = new HashMap<>();
    private long queued;

    /** A queue whose entries go stale after {@link #DEFAULT_STALE_AFTER}. */
    public SnapshotQueue() {
        this(DEFAULT_STALE_AFTER);
    }

    /** @param staleAfter how long an entry not re-queued keeps its place (longer than a task's tick) */
    public SnapshotQueue(Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
        this.staleAfterMillis = staleAfter.toMillis();
    }

    /**
     * Queues a room's due snapshot, or refreshes its entry (its place follows {@code programme} and
     * {@code dueAtMillis}, which may have changed).
     *
     * @param owner the task's dispatcher (compared by identity)
     * @param app the room's IM app (SDKAppID): each app has its own queue, as its own budget
     * @param roomKey {@code app/room}
     * @param programme whether the room owes a programme change (goes first)
     * @param dueAtMillis epoch milliseconds since which the snapshot is due
     * @param nowMillis epoch milliseconds now (for staleness)
     */
    public synchronized void offer(Object owner, long app, String roomKey, boolean programme, long dueAtMillis, long nowMillis) {
        Key key = new Key(owner, roomKey);
        Entry held = entries.get(key);
        TreeSet<Entry> queue = byApp.computeIfAbsent(app, a -> new TreeSet<>(HEAD_FIRST));
        if (held != null) {
            queue.remove(held);
        }
        long order = held != null && held.programme() == programme && held.dueAtMillis() == dueAtMillis ? held.order() : queued++;
        Entry entry = new Entry(owner, roomKey, programme, dueAtMillis, order, nowMillis);
        queue.add(entry);
        entries.put(key, entry);
        apps.put(key, app);
    }

    /**
     * Whether the owner's room is at the head of its app's queue, so it may take the app's next attribute write.
     * Stale entries ahead of it are dropped first. False when the room is not queued.
     */
    public synchronized boolean isHead(Object owner, String roomKey, long nowMillis) {
        Key key = new Key(owner, roomKey);
        Long app = apps.get(key);
        if (app == null) {
            return false;
        }
        TreeSet<Entry> queue = byApp.get(app);
        while (!queue.isEmpty()) {
            Entry head = queue.first();
            if (head.owner() == owner && head.roomKey().equals(roomKey)) {
                return true;
            }
            if (nowMillis - head.seenAtMillis() <= staleAfterMillis) {
                return false;
            }
            remove(head.owner(), head.roomKey());
        }
        return false;
    }

    /** The owner's queued rooms, head first (over every app). */
    public synchronized List<String> roomsOf(Object owner) {
        return entries.values().stream().filter(e -> e.owner() == owner).sorted(HEAD_FIRST).map(Entry::roomKey).toList();
    }

    /** Takes the room out: its write started, it can no longer be written now, or it needs no snapshot any more. */
    public synchronized void remove(Object owner, String roomKey) {
        Key key = new Key(owner, roomKey);
        Entry entry = entries.remove(key);
        if (entry == null) {
            return;
        }
        Long app = apps.remove(key);
        TreeSet<Entry> queue = byApp.get(app);
        queue.remove(entry);
        if (queue.isEmpty()) {
            byApp.remove(app);
        }
    }

    /** Takes out every room of the owner (its task closed). */
    public synchronized void removeAll(Object owner) {
        entries.keySet().stream().filter(k -> k.owner() == owner).toList().forEach(k -> remove(k.owner(), k.roomKey()));
    }

    /** Due snapshots waiting in the process now. */
    public synchronized int waiting() {
        return entries.size();
    }
}
