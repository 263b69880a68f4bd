package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * The downstream's retry budget, shared by every caller in the process: retries in the window
 * may be at most {@code ratio} of the calls started in it, plus
 * {@code min-retries-per-second} times its length in seconds.
 *
 * @param enabled whether retries are limited
 * @param ratio retries allowed per call
 * @param minRetriesPerSecond retries allowed whatever the traffic
 * @param window how far back calls and retries count
 */
public record RetryBudgetConfig(boolean enabled, double ratio, int minRetriesPerSecond, Duration window) {
    /** Default {@code ratio}. */
    public static final double DEFAULT_RATIO = 0.2;
    /** Default {@code min-retries-per-second}. */
    public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 1;
    /** Default {@code window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public RetryBudgetConfig {
        Checks.range("ratio", ratio, 0.0, 10.0);
        Checks.range("min-retries-per-second", minRetriesPerSecond, 0, 100_000);
        Checks.between("window", window, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The defaults listed on {@link PolicyConfig}. */
    public static RetryBudgetConfig defaults() {
        return new RetryBudgetConfig(true, DEFAULT_RATIO, DEFAULT_MIN_RETRIES_PER_SECOND, DEFAULT_WINDOW);
    }
}
