package dev.chassis.resilience.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count of events over a sliding window, kept in ten slots that are cleared as time moves on:
 * the sum covers between nine and ten tenths of the window. Thread-safe and lock-free; an event
 * racing with the clearing of its slot may be lost, which a budget can bear.
 */
final class WindowedCounter {
    private static final int SLOTS = 10;

    private final long slotNanos;
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);

    WindowedCounter(long windowNanos) {
        this.slotNanos = Math.max(1, windowNanos / SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            epochs.set(i, Long.MIN_VALUE);
        }
    }

    void add(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, slotNanos);
        int slot = (int) Math.floorMod(epoch, (long) SLOTS);
        long seen = epochs.get(slot);
        if (seen != epoch && epochs.compareAndSet(slot, seen, epoch)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    long sum(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, slotNanos);
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            long e = epochs.get(i);
            if (e != Long.MIN_VALUE && epoch - e < SLOTS) {
                sum += counts.get(i);
            }
        }
        return sum;
    }
}
