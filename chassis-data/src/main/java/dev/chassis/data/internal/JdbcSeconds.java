package dev.chassis.data.internal;

import java.time.Duration;

/** Durations as JDBC counts them: whole seconds (query and login timeouts). */
final class JdbcSeconds {
    private JdbcSeconds() {}

    /** Whole seconds, rounded up. */
    static int ceil(Duration d) {
        long nanos = d.toNanos();
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
