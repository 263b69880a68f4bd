package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * The per-attempt timeout.
 *
 * @param perAttempt each attempt is cancelled after this; zero leaves it to the client's
 *     response timeout
 */
public record TimeoutConfig(Duration perAttempt) {
    /**
     * Validates the value.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public TimeoutConfig {
        Checks.notNegative("per-attempt", perAttempt);
    }

    /** None beyond the client's response timeout. */
    public static TimeoutConfig defaults() {
        return new TimeoutConfig(Duration.ZERO);
    }
}
