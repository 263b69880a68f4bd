package dev.chassis.resilience.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import dev.chassis.resilience.spi.ClientFallback;
import java.time.Duration;
import java.util.Locale;

/**
 * The per-client fallback.
 *
 * @param mode what answers a failed call
 * @param maxEntries paths remembered for {@link Mode#LAST_GOOD}
 * @param maxAge how old a remembered answer may be
 */
public record FallbackConfig(Mode mode, int maxEntries, Duration maxAge) {
    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public FallbackConfig {
        Checks.notNull("mode", mode);
        Checks.range("max-entries", maxEntries, 1, 1_000_000);
        Checks.positive("max-age", maxAge);
    }

    /** None; for {@code last-good}, 1000 paths for 5 minutes. */
    public static FallbackConfig defaults() {
        return new FallbackConfig(Mode.NONE, 1000, Duration.ofMinutes(5));
    }

    /** What answers a failed call. */
    public enum Mode {
        /** Nothing from configuration; a contributed {@link ClientFallback} still applies. */
        NONE,
        /** The last good answer to a GET of the same path, then a contributed {@link ClientFallback}. */
        LAST_GOOD;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
