package dev.chassis.resilience.internal;

import dev.chassis.resilience.config.RetryConfig;

/**
 * Exponential backoff with jitter: the wait before retry {@code n} (1 for the first) is
 * {@code initial-backoff × multiplier^(n-1)}, capped at {@code max-backoff}, then moved up or down
 * by at most {@code jitter} of itself, and capped at {@code max-backoff} again. Immutable.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final double jitter;

    public Backoff(RetryConfig retry) {
        this.initialNanos = retry.initialBackoff().toNanos();
        this.maxNanos = retry.maxBackoff().toNanos();
        this.multiplier = retry.multiplier();
        this.jitter = retry.jitter();
    }

    /**
     * The wait before a retry.
     *
     * @param retry 1 for the first retry
     * @param random a number in [0, 1)
     */
    public long delayNanos(int retry, double random) {
        double base = base(retry);
        double jittered = base * (1 + jitter * (2 * random - 1));
        return Math.max(0, Math.min(maxNanos, (long) jittered));
    }

    /** The shortest wait {@link #delayNanos} may give before this retry. */
    public long minNanos(int retry) {
        return Math.min(maxNanos, (long) (base(retry) * (1 - jitter)));
    }

    /** The longest wait {@link #delayNanos} may give before this retry. */
    public long maxNanos(int retry) {
        return Math.min(maxNanos, (long) (base(retry) * (1 + jitter)));
    }

    private double base(int retry) {
        return Math.min(maxNanos, initialNanos * Math.pow(multiplier, retry - 1));
    }
}
