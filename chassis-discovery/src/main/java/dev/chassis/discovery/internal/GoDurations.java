package dev.chassis.discovery.internal;

import java.time.Duration;

/** Durations as Consul reads them (Go's {@code time.ParseDuration}): {@code 10s}, {@code 1500ms}, {@code 3m}. */
final class GoDurations {
    private static final long[] UNITS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] NAMES = {"h", "m", "s", "ms", "us", "ns"};

    private GoDurations() {}

    /** The largest exact unit Go knows; Go has no days, so they are written as hours. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (nanos % UNITS[i] == 0) {
                return nanos / UNITS[i] + NAMES[i];
            }
        }
        throw new AssertionError("unreachable: every duration is a whole number of nanoseconds");
    }
}
