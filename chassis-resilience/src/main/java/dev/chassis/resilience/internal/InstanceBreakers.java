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
import java.util.Objects;
import java.util.Set;
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
 * call. When a downstream's breaker settings change, its instances get fresh breakers, closed, and
 * their gauges follow them; when an instance leaves the resolver's list, its breaker and gauge are
 * removed. Thread-safe.
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
        InstanceBreaker breaker = existing(downstream, instance);
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
        // Never made here: an attempt that ends after its instance was forgotten leaves no trace.
        InstanceBreaker breaker = existing(downstream, instance);
        if (breaker != null) {
            breaker.record(status, failure, durationNanos);
        }
    }

    @Override
    public void retain(String downstream, Set<String> instanceIds) {
        Downstream d = downstreams.get(downstream);
        if (d == null) {
            return;
        }
        d.slots.entrySet().removeIf(e -> {
            if (instanceIds.contains(e.getKey())) {
                return false;
            }
            e.getValue().removeGauge(registry);
            return true;
        });
    }

    /**
     * Takes a new configuration: the instances of downstreams whose breaker settings changed get
     * fresh breakers, closed, with the new thresholds; their gauges show the new breakers. A
     * downstream whose breaker is now disabled has none, and no gauges.
     */
    public void reconfigure(ResilienceConfig next) {
        ResilienceConfig before = config;
        config = next;
        for (Downstream d : downstreams.values()) {
            CircuitBreakerConfig now = next.of(d.name).circuitBreaker();
            if (Objects.equals(before.of(d.name).circuitBreaker(), now)) {
                continue;
            }
            d.config = now.enabled() ? now : null;
            d.slots.entrySet().removeIf(e -> {
                if (d.config == null) {
                    e.getValue().removeGauge(registry);
                    return true;
                }
                e.getValue().breaker = newBreaker(d, e.getKey());
                return false;
            });
        }
    }

    /** The state of an instance's breaker; closed when it has none yet. */
    public CircuitBreaker.State state(String downstream, ServiceInstance instance) {
        InstanceBreaker breaker = existing(downstream, instance);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }

    /** How many instances of a downstream have a breaker now. */
    public int tracked(String downstream) {
        Downstream d = downstreams.get(downstream);
        return d == null ? 0 : d.slots.size();
    }

    private @Nullable InstanceBreaker existing(String downstream, ServiceInstance instance) {
        Downstream d = downstreams.get(downstream);
        Slot slot = d == null ? null : d.slots.get(instance.id());
        return slot == null ? null : slot.breaker;
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
        Slot slot = d.slots.get(instance.id());
        return (slot != null ? slot : d.slots.computeIfAbsent(instance.id(), id -> create(d, id))).breaker;
    }

    private Slot create(Downstream d, String instance) {
        Slot slot = new Slot(newBreaker(d, instance));
        if (registry != null) {
            // The gauge reads the slot, not a breaker: a live change swaps the slot's breaker and
            // the gauge follows. The registry holds the slot strongly until the instance leaves.
            slot.gauge = Gauge.builder("resilience.circuit.state", slot, s -> gaugeValue(s.breaker.state()))
                    .description("Circuit breaker state of a downstream instance: 0 closed, 1 half-open, 2 open")
                    .tag("downstream", d.name)
                    .tag("downstream.instance", instance)
                    .strongReference(true)
                    .register(registry);
        }
        return slot;
    }

    private InstanceBreaker newBreaker(Downstream d, String instance) {
        CircuitBreakerConfig c = Objects.requireNonNull(d.config, "config");
        return new InstanceBreaker(c, (from, to) -> transition(d.name, instance, from, to));
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
        volatile @Nullable CircuitBreakerConfig config;
        final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

        Downstream(String name, CircuitBreakerConfig config) {
            this.name = name;
            this.config = config.enabled() ? config : null;
        }
    }

    /** An instance's breaker, replaced on a live change, and the gauge that shows it. */
    private static final class Slot {
        volatile InstanceBreaker breaker;

        @Nullable
        Gauge gauge;

        Slot(InstanceBreaker breaker) {
            this.breaker = breaker;
        }

        void removeGauge(@Nullable MeterRegistry registry) {
            Gauge g = gauge;
            if (registry != null && g != null) {
                registry.remove(g);
            }
        }
    }
}
