package dev.chassis.resilience.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One downstream's call meters, registered once when its policies are built so that recording is
 * an increment: {@code resilience.calls} by {@code outcome}, {@code resilience.retries}, {@code resilience.hedges.sent} and {@code .won}, and the
 * {@code resilience.retry.budget.available} gauge. Without a registry nothing is recorded.
 * Thread-safe.
 */
final class CallMetrics {
    private final Counter @Nullable [] calls;
    private final @Nullable Counter retries;
    private final @Nullable Counter hedgesSent;
    private final @Nullable Counter hedgesWon;

    CallMetrics(@Nullable MeterRegistry registry, String downstream, @Nullable RetryBudget budget) {
        if (registry == null) {
            calls = null;
            retries = null;
            hedgesSent = null;
            hedgesWon = null;
            return;
        }
        Outcome[] outcomes = Outcome.values();
        calls = new Counter[outcomes.length];
        for (Outcome o : outcomes) {
            calls[o.ordinal()] = Counter.builder("resilience.calls")
                    .description("Calls through the resilience policies, by how they ended")
                    .tag("downstream", downstream)
                    .tag("outcome", o.tag)
                    .register(registry);
        }
        retries = Counter.builder("resilience.retries")
                .description("Retries started")
                .tag("downstream", downstream)
                .register(registry);
        hedgesSent = Counter.builder("resilience.hedges.sent")
                .description("Hedges sent: second attempts of calls still unanswered after the hedge's wait")
                .tag("downstream", downstream)
                .register(registry);
        hedgesWon = Counter.builder("resilience.hedges.won")
                .description("Hedges whose answer came first")
                .tag("downstream", downstream)
                .register(registry);
        if (budget != null) {
            Gauge.builder("resilience.retry.budget.available", budget, RetryBudget::available)
                    .description("Retries the downstream's retry budget allows now")
                    .tag("downstream", downstream)
                    .register(registry);
        }
    }

    void call(Outcome outcome) {
        if (calls != null) {
            calls[outcome.ordinal()].increment();
        }
    }

    void hedgeSent() {
        if (hedgesSent != null) {
            hedgesSent.increment();
        }
    }

    void hedgeWon() {
        if (hedgesWon != null) {
            hedgesWon.increment();
        }
    }

    void retry() {
        if (retries != null) {
            retries.increment();
        }
    }
}
