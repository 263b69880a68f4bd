package dev.chassis.core.context;

import org.jspecify.annotations.Nullable;

/**
 * Carries one kind of thread-bound context (a tracing context, say) from the thread that hands
 * work off to the thread that runs it. Contributed with {@code @Provides @IntoSet
 * ContextPropagator}; the logging MDC is carried by the core itself. Implementations must be
 * thread-safe.
 */
public interface ContextPropagator {
    /** Captures the current thread's context; null when there is nothing to carry. */
    @Nullable
    Object capture();

    /**
     * Installs a captured context on the current thread.
     *
     * @return what puts the thread's previous context back
     */
    Scope attach(Object captured);

    /** Undoes an {@link #attach}. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        /** Restores the previous context; does not throw. */
        @Override
        void close();
    }
}
