package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * Calls in flight to the downstream.
 *
 * @param enabled whether they are limited
 * @param maxConcurrent calls in flight at once
 * @param maxWait how long a call may wait for room
 */
public record BulkheadConfig(boolean enabled, int maxConcurrent, Duration maxWait) {
    /** Default {@code max-concurrent}. */
    public static final int DEFAULT_MAX_CONCURRENT = 100;

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public BulkheadConfig {
        Checks.range("max-concurrent", maxConcurrent, 1, 100_000);
        Checks.between("max-wait", maxWait, Duration.ZERO, Duration.ofMinutes(1));
    }

    /** The defaults listed on {@link PolicyConfig}. */
    public static BulkheadConfig defaults() {
        return new BulkheadConfig(true, DEFAULT_MAX_CONCURRENT, Duration.ZERO);
    }
}
