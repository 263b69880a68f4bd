package dev.chassis.discovery.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The module's meters, recorded only when the component has a {@link MeterRegistry}:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code discovery.watch.updates}</td><td>counter</td><td>{@code service}</td><td>answers of a watch that carried a new index</td></tr>
 * <tr><td>{@code discovery.watch.errors}</td><td>counter</td><td>{@code service}, {@code reason}</td><td>failed rounds: {@code unreachable}, {@code status}, {@code garbage}, {@code stale}</td></tr>
 * <tr><td>{@code discovery.instances}</td><td>gauge</td><td>{@code service}</td><td>healthy instances in the last good answer</td></tr>
 * <tr><td>{@code discovery.instances.age}</td><td>gauge</td><td>{@code service}</td><td>seconds since the last good answer; NaN before the first</td></tr>
 * <tr><td>{@code discovery.instance.health}</td><td>gauge</td><td>{@code service}, {@code downstream.instance}</td><td>each instance of the last good answer, passing or not: 0 passing, 1 warning, 2 critical (only passing ones are called); removed when it leaves the answer</td></tr>
 * <tr><td>{@code discovery.instance.age}</td><td>gauge</td><td>{@code service}, {@code downstream.instance}</td><td>seconds since that instance appeared in the answers</td></tr>
 * <tr><td>{@code discovery.registration.state}</td><td>gauge</td><td>{@code service}</td><td>1 while registered, else 0</td></tr>
 * <tr><td>{@code discovery.registration.attempts}</td><td>counter</td><td>{@code outcome}</td><td>{@code success} or {@code failure}</td></tr>
 * <tr><td>{@code discovery.kv.changes}</td><td>counter</td><td>{@code outcome}</td><td>KV changes {@code applied} or {@code rejected}</td></tr>
 * <tr><td>{@code discovery.kv.errors}</td><td>counter</td><td></td><td>failed reads of the KV prefix</td></tr>
 * </table>
 *
 * <p>Thread-safe.
 */
public final class DiscoveryMetrics {
    private final @Nullable MeterRegistry registry;

    public DiscoveryMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry;
    }

    /** No meters. */
    public static DiscoveryMetrics none() {
        return new DiscoveryMetrics(null);
    }

    void watchUpdate(String service) {
        if (registry != null) {
            counter("discovery.watch.updates", "Answers of a Consul watch that carried a new index", "service", service)
                    .increment();
        }
    }

    void watchError(String service, String reason) {
        if (registry != null) {
            Counter.builder("discovery.watch.errors")
                    .description("Failed rounds of a Consul watch")
                    .tags("service", service, "reason", reason)
                    .register(registry)
                    .increment();
        }
    }

    void watchGauges(String service, Supplier<Number> instances, Supplier<Number> ageSeconds) {
        if (registry != null) {
            Gauge.builder("discovery.instances", instances)
                    .description("Healthy instances of a downstream in the last good Consul answer")
                    .tag("service", service)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("discovery.instances.age", ageSeconds)
                    .description("Seconds since the last good Consul answer for a downstream")
                    .tag("service", service)
                    .baseUnit("seconds")
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * The health (0 passing, 1 warning, 2 critical) and age (seconds since it appeared in
     * discovery's answers) of one instance of a downstream; the returned action removes both.
     */
    Runnable instanceGauges(String service, String instance, Supplier<Number> health, Supplier<Number> ageSeconds) {
        if (registry == null) {
            return () -> {};
        }
        MeterRegistry r = registry;
        Gauge h = Gauge.builder("discovery.instance.health", health)
                .description("Health of a downstream instance in Consul: 0 passing, 1 warning, 2 critical")
                .tags("service", service, "downstream.instance", instance)
                .strongReference(true)
                .register(r);
        Gauge a = Gauge.builder("discovery.instance.age", ageSeconds)
                .description("Seconds since a downstream instance appeared in Consul's answers")
                .tags("service", service, "downstream.instance", instance)
                .baseUnit("seconds")
                .strongReference(true)
                .register(r);
        return () -> {
            r.remove(h);
            r.remove(a);
        };
    }

    void registrationGauge(String service, Supplier<Number> registered) {
        if (registry != null) {
            Gauge.builder("discovery.registration.state", registered)
                    .description("1 while this instance is registered with the Consul agent, else 0")
                    .tag("service", service)
                    .strongReference(true)
                    .register(registry);
        }
    }

    void registrationAttempt(boolean success) {
        if (registry != null) {
            counter(
                            "discovery.registration.attempts",
                            "Attempts to register with the Consul agent",
                            "outcome",
                            success ? "success" : "failure")
                    .increment();
        }
    }

    void kvChange(boolean applied) {
        if (registry != null) {
            counter(
                            "discovery.kv.changes",
                            "Changes of the Consul KV configuration layer",
                            "outcome",
                            applied ? "applied" : "rejected")
                    .increment();
        }
    }

    void kvError() {
        if (registry != null) {
            Counter.builder("discovery.kv.errors")
                    .description("Failed reads of the Consul KV configuration prefix")
                    .register(registry)
                    .increment();
        }
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name)
                .description(description)
                .tag(tag, value)
                .register(java.util.Objects.requireNonNull(registry));
    }
}
