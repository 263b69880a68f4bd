package dev.chassis.data.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Range checks whose messages read {@code name: value (expected: ...)}, as core's do. */
public final class Checks {
    private Checks() {}

    public static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    public static Duration atLeast(String name, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    name + ": " + Durations.format(value) + " (expected: >= " + Durations.format(min) + ")");
        }
        return value;
    }

    /** Zero (off) or at least {@code min}. */
    public static Duration offOrAtLeast(String name, Duration value, Duration min) {
        if (value.isNegative() || (!value.isZero() && value.compareTo(min) < 0)) {
            throw new IllegalArgumentException(name + ": " + Durations.format(value) + " (expected: 0s for off, or >= "
                    + Durations.format(min) + ")");
        }
        return value;
    }

    public static Duration notNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + Durations.format(value) + " (expected: >= 0s)");
        }
        return value;
    }

    /** {@code value} below {@code bound} when both are set (not zero). */
    public static void below(String name, Duration value, String boundName, Duration bound) {
        if (!value.isZero() && !bound.isZero() && value.compareTo(bound) >= 0) {
            throw new IllegalArgumentException(name + ": " + Durations.format(value) + " (expected: less than "
                    + boundName + ", " + Durations.format(bound) + ")");
        }
    }

    public static String notBlank(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: not blank)");
        }
        return value;
    }
}
