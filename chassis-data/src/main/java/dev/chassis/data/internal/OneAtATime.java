package dev.chassis.data.internal;

import dev.chassis.core.common.Durations;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Lets one connection of a source be in use at a time, for an embedded H2 file (see
 * {@link H2Files}): a caller waits its turn, in order of arrival, for at most the source's
 * {@code connection-timeout}, then gets the {@link SQLTransientConnectionException} an exhausted
 * pool gives (a 503). A thread that asks again while it holds the connection is refused at once
 * rather than left to wait for itself. Thread-safe.
 */
final class OneAtATime {
    private final String source;
    private final long timeoutNanos;
    private final Semaphore turn = new Semaphore(1, true);
    private volatile @Nullable Thread holder;

    OneAtATime(String source, Duration timeout) {
        this.source = source;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Waits for the turn; {@link #release()} gives it back. */
    void acquire() throws SQLException {
        Thread me = Thread.currentThread();
        if (holder == me) {
            throw new SQLException("data source '" + source + "' is an H2 database in a file, which serves one"
                    + " connection at a time, and this thread holds it already: close it before asking for"
                    + " another (a transaction inside a transaction needs a database such as PostgreSQL)");
        }
        boolean acquired;
        try {
            acquired = turn.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", "08000", e);
        }
        if (!acquired) {
            throw new SQLTransientConnectionException("data source '" + source + "': the connection of this H2 file"
                    + " database was not free within " + Durations.format(Duration.ofNanos(timeoutNanos)));
        }
        holder = me;
    }

    void release() {
        holder = null;
        turn.release();
    }
}
