package dev.chassis.core.internal.client;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Chooses an instance for an attempt among those the gate admits: power of two choices by
 * outstanding requests, or round robin. Tracks outstanding requests per instance, and forgets an
 * instance's counter when the resolver reports it gone. Thread-safe.
 */
final class InstancePicker {
    private final String downstream;
    private final ClientConfig.LoadBalancer strategy;
    private final @Nullable InstanceGate gate;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentMap<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();

    InstancePicker(String downstream, ClientConfig.LoadBalancer strategy, @Nullable InstanceGate gate) {
        this.downstream = downstream;
        this.strategy = strategy;
        this.gate = gate;
    }

    /**
     * Picks and claims an instance; null when none is available. A claimed instance must be
     * released with {@link #done}.
     */
    @Nullable
    ServiceInstance pickAndClaim(List<ServiceInstance> instances) {
        List<ServiceInstance> candidates = instances;
        if (gate != null) {
            candidates = available(instances, gate);
        }
        while (!candidates.isEmpty()) {
            ServiceInstance pick = pick(candidates);
            if (gate == null || gate.tryAcquire(downstream, pick)) {
                counter(pick).incrementAndGet();
                return pick;
            }
            if (candidates == instances) {
                candidates = new ArrayList<>(instances);
            }
            candidates.remove(pick);
        }
        return null;
    }

    /** The instances the gate admits: the same list when it admits them all, as it mostly does. */
    private List<ServiceInstance> available(List<ServiceInstance> instances, InstanceGate gate) {
        for (int i = 0; i < instances.size(); i++) {
            if (!gate.isAvailable(downstream, instances.get(i))) {
                List<ServiceInstance> some = new ArrayList<>(instances.subList(0, i));
                for (int j = i + 1; j < instances.size(); j++) {
                    if (gate.isAvailable(downstream, instances.get(j))) {
                        some.add(instances.get(j));
                    }
                }
                return some;
            }
        }
        return instances;
    }

    void done(ServiceInstance instance) {
        // An instance forgotten while its attempt ran has no counter left to decrement.
        AtomicInteger counter = outstanding.get(instance.id());
        if (counter != null) {
            counter.decrementAndGet();
        }
    }

    int outstanding(ServiceInstance instance) {
        AtomicInteger counter = outstanding.get(instance.id());
        return counter == null ? 0 : counter.get();
    }

    /** Forgets the counters of instances that are no longer resolved. */
    void retain(java.util.Set<String> instanceIds) {
        outstanding.keySet().retainAll(instanceIds);
    }

    /** How many instances have a counter, for tests. */
    int tracked() {
        return outstanding.size();
    }

    private ServiceInstance pick(List<ServiceInstance> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        if (strategy == ClientConfig.LoadBalancer.ROUND_ROBIN) {
            return candidates.get(Math.floorMod(next.getAndIncrement(), n));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        ServiceInstance first = candidates.get(a);
        ServiceInstance second = candidates.get(b);
        return counter(first).get() <= counter(second).get() ? first : second;
    }

    private AtomicInteger counter(ServiceInstance instance) {
        return outstanding.computeIfAbsent(instance.id(), id -> new AtomicInteger());
    }
}
