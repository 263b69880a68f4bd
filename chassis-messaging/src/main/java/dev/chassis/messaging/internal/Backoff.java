package dev.chassis.messaging.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter: the n-th wait is drawn between half and all of {@code initial × 2ⁿ}. */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The wait after the given number of failures (1 for the first). */
    Duration after(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long full = initialNanos << shift;
        if (full <= 0 || full > maxNanos) {
            full = maxNanos;
        }
        long half = full / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
