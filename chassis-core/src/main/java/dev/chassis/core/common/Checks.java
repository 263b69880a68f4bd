package dev.chassis.core.common;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The argument and configuration checks of every chassis module, with one message shape:
 * {@code name: value (expected: ...)}, durations written as configuration writes them
 * ({@code 250ms}, not {@code PT0.25S}). Each returns the value it checked, so a compact constructor
 * can check and assign in one line. Thread-safe.
 *
 * <pre>{@code
 * public record PoolConfig(int size, Duration timeout) {
 *     public PoolConfig {
 *         Checks.range("size", size, 1, 1000);
 *         Checks.positive("timeout", timeout);
 *     }
 * }
 * }</pre>
 */
public final class Checks {
    private Checks() {}

    /**
     * Fails unless {@code ok}, with the message {@code name: shown (expected: expected)}.
     *
     * @throws IllegalArgumentException when not {@code ok}
     */
    public static void that(boolean ok, String name, @Nullable Object shown, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + ": " + shown + " (expected: " + expected + ")");
        }
    }

    /** @throws IllegalArgumentException unless {@code min <= value <= max} */
    public static int range(String name, int value, int min, int max) {
        that(value >= min && value <= max, name, value, min + "-" + max);
        return value;
    }

    /** @throws IllegalArgumentException unless {@code min <= value <= max} (NaN never is) */
    public static double range(String name, double value, double min, double max) {
        that(value >= min && value <= max, name, value, min + "-" + max);
        return value;
    }

    /** @throws IllegalArgumentException unless {@code value >= min} */
    public static int atLeast(String name, int value, int min) {
        that(value >= min, name, value, ">= " + min);
        return value;
    }

    /** @throws IllegalArgumentException if the value is null */
    public static <T> T notNull(String name, @Nullable T value) {
        that(value != null, name, null, "a value");
        return value;
    }

    /** @throws IllegalArgumentException if the value is null or blank */
    public static String notBlank(String name, @Nullable String value) {
        that(value != null && !value.isBlank(), name, "'" + value + "'", "not blank");
        return value;
    }

    /** @throws IllegalArgumentException unless the value starts with {@code /} */
    public static String path(String name, @Nullable String value) {
        that(value != null && value.startsWith("/"), name, "'" + value + "'", "a path starting with /");
        return value;
    }

    /** @throws IllegalArgumentException if the duration is null, zero or negative */
    public static Duration positive(String name, @Nullable Duration value) {
        duration(name, value);
        that(!value.isNegative() && !value.isZero(), name, Durations.format(value), "> 0");
        return value;
    }

    /** @throws IllegalArgumentException if the duration is null or negative */
    public static Duration notNegative(String name, @Nullable Duration value) {
        duration(name, value);
        that(!value.isNegative(), name, Durations.format(value), ">= 0s");
        return value;
    }

    /** @throws IllegalArgumentException if the duration is null or below {@code min} */
    public static Duration atLeast(String name, @Nullable Duration value, Duration min) {
        duration(name, value);
        that(value.compareTo(min) >= 0, name, Durations.format(value), ">= " + Durations.format(min));
        return value;
    }

    /** Zero (off) or at least {@code min}. @throws IllegalArgumentException otherwise */
    public static Duration offOrAtLeast(String name, @Nullable Duration value, Duration min) {
        duration(name, value);
        that(
                !value.isNegative() && (value.isZero() || value.compareTo(min) >= 0),
                name,
                Durations.format(value),
                "0s for off, or >= " + Durations.format(min));
        return value;
    }

    /** @throws IllegalArgumentException if the duration is null or outside {@code [min, max]} */
    public static Duration between(String name, @Nullable Duration value, Duration min, Duration max) {
        duration(name, value);
        that(
                value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                name,
                Durations.format(value),
                Durations.format(min) + "-" + Durations.format(max));
        return value;
    }

    /**
     * {@code value} below {@code bound} when both are set (not zero).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static void below(String name, Duration value, String boundName, Duration bound) {
        that(
                value.isZero() || bound.isZero() || value.compareTo(bound) < 0,
                name,
                Durations.format(value),
                "less than " + boundName + ", " + Durations.format(bound));
    }

    private static void duration(String name, @Nullable Duration value) {
        that(value != null, name, null, "a duration such as 30s");
    }
}
