package dev.chassis.data.internal;

import java.time.Duration;

/** Durations as configuration writes them ({@code 30s}, {@code 500ms}), for messages. */
public final class Durations {
    private Durations() {}

    /** {@code 2m}, {@code 30s}, {@code 500ms}; ISO-8601 for what has no shorter exact form. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return d.toString();
        }
        long seconds = d.getSeconds();
        if (d.getNano() == 0) {
            if (seconds != 0 && seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds != 0 && seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        if (d.getNano() % 1_000_000 == 0 && seconds < Long.MAX_VALUE / 1_000) {
            return d.toMillis() + "ms";
        }
        return d.toString();
    }

    /** Whole seconds, rounded up: JDBC's query timeouts count in seconds. */
    public static int ceilSeconds(Duration d) {
        long nanos = d.toNanos();
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
