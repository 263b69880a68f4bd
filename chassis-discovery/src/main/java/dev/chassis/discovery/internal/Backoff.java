package dev.chassis.discovery.internal;

import dev.chassis.discovery.config.ConsulConfig;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: the n-th wait (from 0) is drawn between half and all of
 * {@code min(initial × 2ⁿ, max)}. Immutable and thread-safe.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;

    Backoff(ConsulConfig.Retry retry) {
        this.initialNanos = retry.initialBackoff().toNanos();
        this.maxNanos = retry.maxBackoff().toNanos();
    }

    /** The wait before retry {@code failures} (1 after the first failure). */
    Duration delay(int failures) {
        return delay(failures, ThreadLocalRandom.current());
    }

    Duration delay(int failures, Random random) {
        long ceiling = ceiling(failures);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    /** The wait before jitter: {@code min(initial × 2^(failures-1), max)}. */
    long ceiling(int failures) {
        int doublings = Math.max(0, failures - 1);
        long value = initialNanos;
        for (int i = 0; i < doublings && value < maxNanos; i++) {
            value = value > maxNanos / 2 ? maxNanos : value * 2;
        }
        return Math.min(value, maxNanos);
    }
}
