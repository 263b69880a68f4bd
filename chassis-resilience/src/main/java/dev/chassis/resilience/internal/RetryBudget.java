package dev.chassis.resilience.internal;

import dev.chassis.resilience.config.RetryBudgetConfig;
import java.util.function.LongSupplier;

/**
 * One downstream's retry budget, shared by every caller in the process: each call started
 * deposits {@code ratio} of a retry, each retry withdraws one, over a sliding window, on top of a
 * reserve of {@code min-retries-per-second × window}. When a withdrawal would overdraw, the retry
 * is refused. Thread-safe.
 */
public final class RetryBudget {
    private final double ratio;
    private final double reserve;
    private final LongSupplier clock;
    private final WindowedCounter calls;
    private final WindowedCounter retries;

    public RetryBudget(RetryBudgetConfig config, LongSupplier clock) {
        this.ratio = config.ratio();
        this.reserve = config.minRetriesPerSecond() * (config.window().toMillis() / 1000.0);
        this.clock = clock;
        this.calls = new WindowedCounter(config.window().toNanos());
        this.retries = new WindowedCounter(config.window().toNanos());
    }

    /** Records a call started. */
    public void deposit() {
        calls.add(clock.getAsLong());
    }

    /** Takes one retry from the budget; false, taking nothing, when it would overdraw. */
    public synchronized boolean tryWithdraw() {
        long now = clock.getAsLong();
        if (retries.sum(now) + 1 > ratio * calls.sum(now) + reserve) {
            return false;
        }
        retries.add(now);
        return true;
    }

    /** Retries the budget would allow now. */
    public double available() {
        long now = clock.getAsLong();
        return Math.max(0, ratio * calls.sum(now) + reserve - retries.sum(now));
    }
}
