package dev.chassis.data.internal;

import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When the current request runs out of time, as {@link System#nanoTime()}: set around every
 * handler, on the handler's thread, by the filter. Statements made while it is set get the
 * remaining time as their query timeout, so a query the server has given up on (and interrupted)
 * is cancelled by the database too, and its connection comes back.
 */
public final class RequestDeadline {
    private static final ThreadLocal<long @Nullable []> CURRENT = new ThreadLocal<>();

    private RequestDeadline() {}

    /** Whether a request is running on this thread and its time is up. */
    public static boolean passed() {
        long[] deadline = CURRENT.get();
        return deadline != null && System.nanoTime() - deadline[0] >= 0;
    }

    /**
     * Seconds a statement may run: the request's remaining time rounded up, at least 1; or the
     * configured limit (0 for none) outside a request; the smaller of the two when both apply.
     */
    static int queryTimeoutSeconds(int configured) {
        long[] deadline = CURRENT.get();
        if (deadline == null) {
            return configured;
        }
        long left = deadline[0] - System.nanoTime();
        int seconds = left <= 0 ? 1 : Math.max(1, Durations.ceilSeconds(Duration.ofNanos(left)));
        return configured == 0 ? seconds : Math.min(configured, seconds);
    }

    private static Runnable set(long @Nullable [] deadline) {
        long[] previous = CURRENT.get();
        CURRENT.set(deadline);
        return () -> CURRENT.set(previous);
    }

    /**
     * Sets the deadline around the handler. It is taken when the filter runs, just after the
     * server started its own clock, so it falls at or after the server's: the server answers
     * 503 first and the cancelled query's failure is no longer anyone's answer.
     */
    public static Filter filter(Duration requestTimeout) {
        long timeout = requestTimeout.toNanos();
        return new Filter() {
            @Override
            public Object filter(Request request, Handler next) throws Exception {
                Runnable restore = set(new long[] {System.nanoTime() + timeout});
                try {
                    return next.handle(request);
                } finally {
                    restore.run();
                }
            }

            @Override
            public int order() {
                // Innermost of the chassis' own filters: nothing else needs it, and it should
                // cover only the handler.
                return ORDER_AUTH + 100;
            }
        };
    }
}
