package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.Set;

/**
 * Retries of a failed call.
 *
 * @param maxAttempts attempts per call, the first included
 * @param initialBackoff wait before the first retry
 * @param maxBackoff longest wait
 * @param multiplier growth of the wait from one retry to the next
 * @param jitter share of the wait drawn at random, either way
 * @param statuses statuses that may be retried
 */
public record RetryConfig(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter,
        Set<Integer> statuses) {
    /** Default {@code max-attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default {@code initial-backoff}. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Default {@code max-backoff}. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    /** Default {@code multiplier}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default {@code jitter}. */
    public static final double DEFAULT_JITTER = 0.5;
    /** Default {@code statuses}. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range, or a status other
     *     than 408, 429 and 5xx
     */
    public RetryConfig {
        Checks.range("max-attempts", maxAttempts, 1, 10);
        Checks.between("initial-backoff", initialBackoff, Duration.ofMillis(1), Duration.ofMinutes(1));
        Checks.between("max-backoff", maxBackoff, initialBackoff, Duration.ofMinutes(5));
        Checks.range("multiplier", multiplier, 1.0, 10.0);
        Checks.range("jitter", jitter, 0.0, 1.0);
        statuses = Set.copyOf(Checks.notNull("statuses", statuses));
        for (int status : statuses) {
            if (status != 408 && status != 429 && (status < 500 || status > 599)) {
                throw new IllegalArgumentException(
                        "statuses: " + status + " (expected: 408, 429 or 500-599; other 4xx are never retried)");
            }
        }
    }

    /** The defaults listed on {@link PolicyConfig}. */
    public static RetryConfig defaults() {
        return new RetryConfig(
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                DEFAULT_MULTIPLIER,
                DEFAULT_JITTER,
                DEFAULT_STATUSES);
    }

    /** A copy with this many attempts. */
    public RetryConfig withMaxAttempts(int maxAttempts) {
        return new RetryConfig(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, statuses);
    }

    /** A copy with these waits. */
    public RetryConfig withBackoff(Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {
        return new RetryConfig(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, statuses);
    }
}
