package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * The bound on Tencent calls role-sync has in flight, shared by every task of the process
 * ({@code roomsync.role-sync.max-calls-in-flight}): a call takes a slot when it is started on the stream thread and
 * gives it back when it completes, on the client's thread, whether or not its task still runs. Rooms that find no slot
 * wait for a later punctuation. Gauged as {@code roomsync.rolesync.calls.in.flight}.
 */
final class CallsInFlight {

    private final int max;
    private final Semaphore slots;

    CallsInFlight(int max, MeterRegistry meters) {
        this.max = max;
        this.slots = new Semaphore(max);
        Gauge.builder("roomsync.rolesync.calls.in.flight", this, CallsInFlight::inFlight)
                .description("Tencent calls role-sync has started and not yet seen complete (at most max-calls-in-flight)")
                .register(meters);
    }

    /** Takes a slot if one is free (never waits). */
    boolean take() {
        return slots.tryAcquire();
    }

    /** Gives back a slot taken by {@link #take}. */
    void giveBack() {
        slots.release();
    }

    int inFlight() {
        return max - slots.availablePermits();
    }
}
