package dev.chassis.core.context;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The time by which the current request must be answered. The server sets it for every handler
 * (the request timeout, or less when the caller sent a smaller budget in
 * {@value #HEADER}, gRPC's {@code grpc-timeout} or Envoy's {@code x-envoy-expected-rq-timeout-ms}),
 * it travels with the request's context to other threads, and the chassis
 * client never starts an attempt after it and sends the remaining budget downstream.
 *
 * <pre>{@code
 * Deadline.current().ifPresent(d -> log.debug("{} ms left", d.remaining().toMillis()));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Deadline {
    /**
     * The header carrying the caller's remaining budget in whole milliseconds, the one the chassis
     * client writes. A server that gets {@code 0} answers 504 without running the handler.
     */
    public static final String HEADER = "X-Request-Timeout-Ms";

    private static final ThreadLocal<@Nullable Deadline> CURRENT = new ThreadLocal<>();
    private static final ContextPropagator.Scope CLEAR = () -> CURRENT.set(null);

    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** A deadline this far from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** A deadline at a {@link System#nanoTime()} value. */
    public static Deadline atNanos(long nanoTime) {
        return new Deadline(nanoTime);
    }

    /** The deadline of the request this thread works for, if any. */
    public static Optional<Deadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes a deadline current on this thread until the scope closes; null makes none current.
     */
    public static ContextPropagator.Scope attach(@Nullable Deadline deadline) {
        Deadline previous = CURRENT.get();
        CURRENT.set(deadline);
        // Set back, never removed: a thread that serves request after request keeps its entry
        // where it is in the thread's table, instead of putting it back behind another one.
        return previous == null ? CLEAR : () -> CURRENT.set(previous);
    }

    /** The {@link System#nanoTime()} value of the deadline. */
    public long nanoTime() {
        return nanos;
    }

    /** Time left; zero or negative when passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanos - System.nanoTime());
    }

    /** Whether it has passed. */
    public boolean isExpired() {
        return nanos - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and one this far from now. */
    public Deadline min(Duration timeout) {
        long other = System.nanoTime() + timeout.toNanos();
        return other - nanos < 0 ? new Deadline(other) : this;
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }

    /** Carries the deadline with the rest of a request's context. */
    static final class Propagator implements ContextPropagator {
        @Override
        public @Nullable Object capture() {
            return CURRENT.get();
        }

        @Override
        public Scope attach(Object captured) {
            return Deadline.attach((Deadline) captured);
        }
    }
}
