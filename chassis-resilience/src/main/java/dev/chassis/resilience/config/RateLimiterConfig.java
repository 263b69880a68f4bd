package dev.chassis.resilience.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.Locale;

/**
 * Calls per period to the downstream.
 *
 * @param enabled whether they are limited
 * @param mode how the calls of a period may come
 * @param limit calls per period
 * @param period the period
 * @param maxWait how long a call may wait for its turn
 */
public record RateLimiterConfig(boolean enabled, Mode mode, int limit, Duration period, Duration maxWait) {
    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public RateLimiterConfig {
        Checks.notNull("mode", mode);
        Checks.range("limit", limit, 1, 1_000_000);
        Checks.between("period", period, Duration.ofMillis(1), Duration.ofHours(1));
        Checks.between("max-wait", maxWait, Duration.ZERO, Duration.ofMinutes(1));
        if (mode == Mode.SMOOTH && period.toNanos() / limit == 0) {
            throw new IllegalArgumentException(
                    "limit: " + limit + " (expected: at most one call per nanosecond of the period)");
        }
    }

    /** Off; when on, 100 calls a second, spread evenly, the excess refused at once. */
    public static RateLimiterConfig defaults() {
        return new RateLimiterConfig(false, Mode.SMOOTH, 100, Duration.ofSeconds(1), Duration.ZERO);
    }

    /** How the calls of a period may come. */
    public enum Mode {
        /** Evenly spread: one call every {@code period / limit}. */
        SMOOTH,
        /** The whole limit at any time in the period. */
        BURSTY;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
