package dev.chassis.testkit.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The fake's raft log in miniature: one index that every change takes the next value of, one
 * lock that every read and change of the catalog and the KV store runs under, and the blocking
 * queries waiting for a change. A waiting query costs no thread: it is a condition checked after
 * each change, and a timer. Thread-safe.
 */
final class Raft {
    /** The index at which a freshly started agent has registered its node and the consul service. */
    static final long BOOT_INDEX = 10;

    private final ScheduledExecutorService scheduler;
    private final Set<Waiter> waiters = new LinkedHashSet<>();
    private long index = BOOT_INDEX;

    Raft(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** The last index given out. */
    synchronized long index() {
        return index;
    }

    /** Gives out the next index; only inside {@link #write}. */
    long next() {
        assert Thread.holdsLock(this);
        return ++index;
    }

    /** Sets the last index given out, after a restart or a restore; only inside {@link #write}. */
    void reset(long value) {
        assert Thread.holdsLock(this);
        index = value;
    }

    /** Runs a read under the lock. */
    synchronized <T> T read(Supplier<T> query) {
        return query.get();
    }

    /** Runs a change under the lock, then wakes the queries whose condition now holds. */
    <T> T write(Supplier<T> change) {
        List<Waiter> ready = new ArrayList<>();
        T result;
        synchronized (this) {
            result = change.get();
            waiters.removeIf(w -> {
                if (w.condition.getAsBoolean()) {
                    ready.add(w);
                    return true;
                }
                return false;
            });
        }
        // Answer off the writer's thread: a check result or a registration must not build responses.
        for (Waiter w : ready) {
            try {
                scheduler.execute(w::fire);
            } catch (RejectedExecutionException closed) {
                w.fire();
            }
        }
        return result;
    }

    /** As {@link #write(Supplier)} for changes without a result. */
    void write(Runnable change) {
        write(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Completes once the condition holds (at once if it already does) or when the timeout has
     * passed, whichever comes first. The condition runs under the lock.
     */
    Waiter await(BooleanSupplier condition, Duration timeout) {
        Waiter waiter = new Waiter(condition);
        synchronized (this) {
            if (condition.getAsBoolean()) {
                waiter.fire();
                return waiter;
            }
            waiters.add(waiter);
        }
        waiter.timer = scheduler.schedule(() -> cancel(waiter), timeout.toNanos(), TimeUnit.NANOSECONDS);
        return waiter;
    }

    /** Stops waiting: the waiter completes now. */
    void cancel(Waiter waiter) {
        synchronized (this) {
            waiters.remove(waiter);
        }
        waiter.fire();
    }

    /** How many queries are blocked now. */
    synchronized int waiting() {
        return waiters.size();
    }

    /** The executor answers are built on. */
    Executor executor() {
        return scheduler;
    }

    /** One blocked query. */
    static final class Waiter {
        private final BooleanSupplier condition;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile @Nullable ScheduledFuture<?> timer;

        private Waiter(BooleanSupplier condition) {
            this.condition = condition;
        }

        /** Completes when the query should be answered. */
        CompletableFuture<Void> done() {
            return done;
        }

        private void fire() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            done.complete(null);
        }
    }
}
