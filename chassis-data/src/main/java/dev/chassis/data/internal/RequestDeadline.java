package dev.chassis.data.internal;

import dev.chassis.core.context.Deadline;
import java.time.Duration;

/**
 * The current request's deadline as the database sees it: statements made while a request runs
 * get its remaining time as their query timeout, so a query the server has given up on (and
 * interrupted) is cancelled by the database too, and its connection comes back. The deadline is
 * the core's {@link Deadline}: set for every handler and carried to the threads it hands work to.
 */
public final class RequestDeadline {
    private RequestDeadline() {}

    /** Whether a request is running on this thread and its time is up. */
    public static boolean passed() {
        return Deadline.current().map(Deadline::isExpired).orElse(false);
    }

    /**
     * Seconds a statement may run: the request's remaining time rounded up, at least 1; or the
     * configured limit (0 for none) outside a request; the smaller of the two when both apply.
     */
    static int queryTimeoutSeconds(int configured) {
        Deadline deadline = Deadline.current().orElse(null);
        if (deadline == null) {
            return configured;
        }
        Duration left = deadline.remaining();
        int seconds = left.isNegative() || left.isZero() ? 1 : Math.max(1, JdbcSeconds.ceil(left));
        return configured == 0 ? seconds : Math.min(configured, seconds);
    }
}
