package dev.chassis.security.internal;

import dev.chassis.core.context.ContextPropagator;
import dev.chassis.security.auth.Caller;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller of the request a thread works for, with the token it presented, for
 * token relay; carried to other threads by the chassis' context propagation. The token never
 * leaves this class but as the relayed header.
 */
public final class CallerContext {
    /** A caller and its token. {@link #toString()} does not show the token. */
    public record Current(Caller caller, String token) {
        @Override
        public String toString() {
            return "Current[" + caller + "]";
        }
    }

    private static final ThreadLocal<@Nullable Current> CURRENT = new ThreadLocal<>();

    private CallerContext() {}

    public static @Nullable Current current() {
        return CURRENT.get();
    }

    /** Sets the thread's caller; the scope puts the previous one back. */
    public static ContextPropagator.Scope attach(Current current) {
        Current previous = CURRENT.get();
        CURRENT.set(current);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The propagator contributed to the component. */
    public static ContextPropagator propagator() {
        return new ContextPropagator() {
            @Override
            public @Nullable Object capture() {
                return CURRENT.get();
            }

            @Override
            public Scope attach(Object captured) {
                return CallerContext.attach((Current) captured);
            }
        };
    }
}
