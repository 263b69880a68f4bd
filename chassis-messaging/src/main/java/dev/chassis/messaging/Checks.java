package dev.chassis.messaging;

import java.time.Duration;

/**
 * Range checks whose messages read {@code name: value (expected: ...)}, with durations written as
 * configuration writes them ({@code 500ms}, not {@code PT0.5S}).
 */
final class Checks {
    private Checks() {}

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    static Duration between(String name, Duration value, Duration min, Duration max) {
        notNull(name, value);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + ": " + format(value) + " (expected: " + format(min) + "-" + format(max) + ")");
        }
        return value;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: a value)");
        }
        return value;
    }

    static String notBlank(String name, String value) {
        notNull(name, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + ": '' (expected: a value)");
        }
        return value;
    }

    /** A duration as configuration writes it: the largest exact unit. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"d", "h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }
}
