package dev.chassis.core.context;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries a request's context (the logging MDC with its correlation ID, the request's
 * {@link Deadline}, and whatever installed {@link ContextPropagator}s carry, such as the trace) to
 * other threads. The chassis uses it for
 * its own hand-offs; application code uses it for its own:
 *
 * <pre>{@code
 * executor.execute(ContextPropagation.wrap(() -> log.info("still carries the correlation ID")));
 * ContextPropagation.Snapshot snapshot = ContextPropagation.capture();
 * future.thenAccept(x -> { try (var scope = snapshot.attach()) { ... } });
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ContextPropagation {
    private static volatile ContextPropagator[] propagators = {new MdcPropagator(), new Deadline.Propagator()};

    private ContextPropagation() {}

    /**
     * Replaces the propagators beyond the MDC one; the service does this at start-up.
     */
    public static void install(Collection<? extends ContextPropagator> more) {
        List<ContextPropagator> all = new ArrayList<>();
        all.add(new MdcPropagator());
        all.add(new Deadline.Propagator());
        all.addAll(requireNonNull(more, "more"));
        propagators = all.toArray(ContextPropagator[]::new);
    }

    /** Captures the current thread's context. */
    public static Snapshot capture() {
        ContextPropagator[] ps = propagators;
        Object[] captured = new Object[ps.length];
        boolean any = false;
        for (int i = 0; i < ps.length; i++) {
            captured[i] = ps[i].capture();
            any |= captured[i] != null;
        }
        return any ? new Snapshot(ps, captured) : Snapshot.EMPTY;
    }

    /** A task that runs with the context current when it was wrapped. */
    public static Runnable wrap(Runnable task) {
        requireNonNull(task, "task");
        Snapshot snapshot = capture();
        if (snapshot == Snapshot.EMPTY) {
            return task;
        }
        return () -> {
            try (ContextPropagator.Scope ignored = snapshot.attach()) {
                task.run();
            }
        };
    }

    /** A task that runs with the context current when it was wrapped. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        requireNonNull(task, "task");
        Snapshot snapshot = capture();
        return () -> {
            try (ContextPropagator.Scope ignored = snapshot.attach()) {
                return task.call();
            }
        };
    }

    /** A supplier that runs with the context current when it was wrapped. */
    public static <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
        requireNonNull(supplier, "supplier");
        Snapshot snapshot = capture();
        return () -> {
            try (ContextPropagator.Scope ignored = snapshot.attach()) {
                return supplier.get();
            }
        };
    }

    /** An executor whose tasks run with the context current when each was submitted. */
    public static Executor wrap(Executor executor) {
        requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    /** Context captured on one thread, to attach on another. Immutable. */
    public static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(new ContextPropagator[0], new Object[0]);
        private static final ContextPropagator.Scope NOTHING = () -> {};

        private final ContextPropagator[] propagators;
        private final @Nullable Object[] captured;

        private Snapshot(ContextPropagator[] propagators, @Nullable Object[] captured) {
            this.propagators = propagators;
            this.captured = captured;
        }

        /** Installs the context on the current thread; closing the scope restores the previous. */
        public ContextPropagator.Scope attach() {
            if (captured.length == 0) {
                return NOTHING;
            }
            ContextPropagator.Scope[] scopes = new ContextPropagator.Scope[captured.length];
            for (int i = 0; i < captured.length; i++) {
                Object c = captured[i];
                scopes[i] = c == null ? NOTHING : propagators[i].attach(c);
            }
            return () -> {
                for (int i = scopes.length - 1; i >= 0; i--) {
                    scopes[i].close();
                }
            };
        }
    }

    /** The SLF4J MDC: correlation ID, trace and span IDs, and whatever the application put there. */
    private static final class MdcPropagator implements ContextPropagator {
        @Override
        public @Nullable Object capture() {
            Map<String, String> map = MDC.getCopyOfContextMap();
            return map == null || map.isEmpty() ? null : map;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Scope attach(Object captured) {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.setContextMap((Map<String, String>) captured);
            return () -> {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            };
        }
    }
}
