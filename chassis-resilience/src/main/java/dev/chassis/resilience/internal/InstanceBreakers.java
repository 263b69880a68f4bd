package dev.chassis.resilience.internal;

import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.resilience.config.CircuitBreakerConfig;
import dev.chassis.resilience.config.ResilienceConfig;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker per instance of each downstream, as the client's {@link InstanceGate}: an
 * instance whose breaker is open is skipped, so one bad instance does not fail calls while others
 * are healthy. Each breaker shows its state in the {@code resilience.circuit.state} gauge (0
 * closed, 1 half-open, 2 open), and each transition is counted in
 * {@code resilience.circuit.transitions} and logged once. Breakers are made on an instance's first
 * call and kept for the life of the service. Thread-safe.
 */
public final class InstanceBreakers implements InstanceGate {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.resilience");

    private volatile ResilienceConfig config;
    private final @Nullable MeterRegistry registry;
    private final ConcurrentMap<String, Downstream> downstreams = new ConcurrentHashMap<>();

    public InstanceBreakers(ResilienceConfig config, @Nullable MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public boolean isAvailable(String downstream, ServiceInstance instance) {
        InstanceBreaker breaker = breaker(downstream, instance);
        return breaker == null || breaker.isAvailable();
    }

    @Override
    public boolean tryAcquire(String downstream, ServiceInstance instance) {
        InstanceBreaker breaker = breaker(downstream, instance);
        return breaker == null || breaker.tryAcquire();
    }

    @Override
    public void onResult(
            String downstream, ServiceInstance instance, int status, @Nullable Throwable failure, long durationNanos) {
        InstanceBreaker breaker = breaker(downstream, instance);
        if (breaker != null) {
            breaker.record(status, failure, durationNanos);
        }
    }

    /**
     * Takes a new configuration: the breakers of downstreams whose breaker settings changed start
     * afresh, closed, with the new thresholds.
     */
    public void reconfigure(ResilienceConfig next) {
        ResilienceConfig before = config;
        config = next;
        downstreams
                .keySet()
                .removeIf(name -> !java.util.Objects.equals(
                        before.of(name).circuitBreaker(), next.of(name).circuitBreaker()));
    }

    /** The state of an instance's breaker; closed when it has none yet. */
    public CircuitBreaker.State state(String downstream, ServiceInstance instance) {
        InstanceBreaker breaker = breaker(downstream, instance);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }

    private @Nullable InstanceBreaker breaker(String downstream, ServiceInstance instance) {
        Downstream found = downstreams.get(downstream);
        Downstream d = found != null
                ? found
                : downstreams.computeIfAbsent(
                        downstream, name -> new Downstream(name, config.of(name).circuitBreaker()));
        if (d.config == null) {
            return null;
        }
        InstanceBreaker breaker = d.breakers.get(instance.id());
        return breaker != null ? breaker : d.breakers.computeIfAbsent(instance.id(), id -> create(d, id));
    }

    private InstanceBreaker create(Downstream d, String instance) {
        InstanceBreaker breaker = new InstanceBreaker(d.config, (from, to) -> transition(d.name, instance, from, to));
        if (registry != null) {
            Gauge.builder("resilience.circuit.state", breaker, b -> gaugeValue(b.state()))
                    .description("Circuit breaker state of a downstream instance: 0 closed, 1 half-open, 2 open")
                    .tag("downstream", d.name)
                    .tag("downstream.instance", instance)
                    .register(registry);
        }
        return breaker;
    }

    private void transition(String downstream, String instance, CircuitBreaker.State from, CircuitBreaker.State to) {
        if (to == CircuitBreaker.State.OPEN) {
            log.warn("circuit breaker of {} instance {}: {} -> {}", downstream, instance, name(from), name(to));
        } else {
            log.info("circuit breaker of {} instance {}: {} -> {}", downstream, instance, name(from), name(to));
        }
        if (registry != null) {
            Counter.builder("resilience.circuit.transitions")
                    .description("Circuit breaker state changes")
                    .tag("downstream", downstream)
                    .tag("from", name(from))
                    .tag("to", name(to))
                    .register(registry)
                    .increment();
        }
    }

    static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static double gaugeValue(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private static final class Downstream {
        final String name;
        final @Nullable CircuitBreakerConfig config;
        final ConcurrentMap<String, InstanceBreaker> breakers = new ConcurrentHashMap<>();

        Downstream(String name, CircuitBreakerConfig config) {
            this.name = name;
            this.config = config.enabled() ? config : null;
        }
    }
}
