package dev.chassis.benchmarks.messaging;

import dev.chassis.benchmarks.messaging.MessagingBenchmark.Transfer;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.Subscriptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The latency phase's handlers: group {@code bench-latency} handles the events at least once,
 * group {@code bench-latency-once} exactly once through the inbox; each notes when its handler
 * first saw each event, beside when the event's transaction was committed. Thread-safe.
 */
final class LatencyProbe implements EventHandlers {
    volatile AtomicLongArray committed = new AtomicLongArray(0);
    volatile AtomicLongArray atLeastOnce = new AtomicLongArray(0);
    volatile AtomicLongArray once = new AtomicLongArray(0);

    @Override
    public void register(Subscriptions subscriptions) {
        subscriptions.group("bench-latency").handle("latency", Transfer.class, e -> arrived(atLeastOnce, e.payload()));
        subscriptions
                .group("bench-latency-once")
                .handleOnce("latency", Transfer.class, (connection, e) -> arrived(once, e.payload()));
    }

    void reset(int n) {
        committed = new AtomicLongArray(n);
        atLeastOnce = new AtomicLongArray(n);
        once = new AtomicLongArray(n);
    }

    void committed(int seq) {
        committed.set(seq, System.nanoTime());
    }

    private static void arrived(AtomicLongArray at, Transfer t) {
        long now = System.nanoTime();
        if (t.seq() < at.length()) {
            at.compareAndSet((int) t.seq(), 0, now);
        }
    }

    /** Waits until both groups have seen every event, or the time is up. */
    void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !(all(atLeastOnce) && all(once))) {
            Thread.sleep(20);
        }
    }

    private static boolean all(AtomicLongArray at) {
        for (int i = 0; i < at.length(); i++) {
            if (at.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    long[] latencies(AtomicLongArray arrived, int skip) {
        return latencies(committed, arrived, skip);
    }

    /** From each start to its arrival, in nanoseconds, sorted; the first {@code skip} and those that never arrived left out. */
    static long[] latencies(AtomicLongArray from, AtomicLongArray to, int skip) {
        long[] out = new long[from.length()];
        int n = 0;
        for (int i = skip; i < from.length(); i++) {
            long a = from.get(i);
            long b = to.get(i);
            if (a != 0 && b != 0) {
                out[n++] = Math.max(0, b - a);
            }
        }
        long[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile, in milliseconds; NaN when nothing arrived. */
    static double percentileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
