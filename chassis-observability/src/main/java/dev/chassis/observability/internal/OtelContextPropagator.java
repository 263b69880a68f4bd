package dev.chassis.observability.internal;

import dev.chassis.core.context.ContextPropagator;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/** Carries the current OpenTelemetry context (the active span) to other threads. */
public final class OtelContextPropagator implements ContextPropagator {
    @Override
    public @Nullable Object capture() {
        Context current = Context.current();
        return current == Context.root() ? null : current;
    }

    @Override
    public Scope attach(Object captured) {
        io.opentelemetry.context.Scope scope = ((Context) captured).makeCurrent();
        return scope::close;
    }
}
