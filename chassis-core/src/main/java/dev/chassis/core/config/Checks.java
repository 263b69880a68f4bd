package dev.chassis.core.config;

import dev.chassis.core.internal.config.DurationFormat;
import java.time.Duration;

/**
 * Range checks whose messages read {@code name: value (expected: ...)}, with durations written as
 * configuration writes them ({@code 0s}, not {@code PT0S}).
 */
final class Checks {
    private Checks() {}

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
        return value;
    }

    static Duration positive(String name, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: a duration such as 30s)");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + DurationFormat.format(value) + " (expected: > 0)");
        }
        return value;
    }

    static Duration notNegative(String name, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: a duration such as 30s)");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + DurationFormat.format(value) + " (expected: >= 0)");
        }
        return value;
    }

    static DataSize positive(String name, DataSize value) {
        if (value == null || value.bytes() == 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    static String path(String name, String value) {
        if (value == null || !value.startsWith("/")) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: a path starting with /)");
        }
        return value;
    }

    static String notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: not blank)");
        }
        return value;
    }
}
