package dev.chassis.gateway.internal;

import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.client.ServiceResolver;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Finds a route's target instance: the static {@code clients.<name>.urls} first, as the chassis
 * client does, then the component's resolvers (Consul discovery); instances taken in turn, skipping
 * those the instance gate (an open circuit breaker) holds back. Thread-safe.
 */
final class Targets {
    private final ClientsConfig clients;
    private final List<ServiceResolver> resolvers;
    private final @Nullable InstanceGate gate;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    Targets(ClientsConfig clients, List<ServiceResolver> resolvers, @Nullable InstanceGate gate) {
        this.clients = clients;
        this.resolvers = List.copyOf(resolvers);
        this.gate = gate;
    }

    /** Whether a service can be found at all: it has static URLs, or something resolves services. */
    boolean knows(String service) {
        return !clients.of(service).urls().isEmpty() || !resolvers.isEmpty();
    }

    /** What a route may name, for a start-up message. */
    String hint() {
        List<String> names = clients.clients().entrySet().stream()
                .filter(e -> !e.getValue().urls().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return (names.isEmpty() ? "no clients.<name>.urls configured" : "one of clients " + String.join(", ", names))
                + (resolvers.isEmpty() ? ", and no discovery in the component" : "");
    }

    /** Lets discovery start watching the services the routes name. */
    void prepare(List<String> services) {
        for (ServiceResolver r : resolvers) {
            r.prepare(services);
        }
    }

    /** The instances of a service now, healthy ones only; empty when none is known. */
    List<ServiceInstance> instances(String service) {
        List<URI> urls = clients.of(service).urls();
        if (!urls.isEmpty()) {
            return urls.stream().map(ServiceInstance::of).toList();
        }
        for (ServiceResolver r : resolvers) {
            Optional<List<ServiceInstance>> found = r.resolve(service);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return List.of();
    }

    /**
     * The next instance of a service that the gate lets through, or null when none does.
     *
     * @param exclude an instance an earlier attempt used, avoided when another is available
     */
    @Nullable
    ServiceInstance pick(String service, @Nullable ServiceInstance exclude) {
        List<ServiceInstance> all = instances(service);
        if (all.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(
                turns.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement(), all.size());
        ServiceInstance fallback = null;
        for (int i = 0; i < all.size(); i++) {
            ServiceInstance candidate = all.get((start + i) % all.size());
            if (gate != null && !gate.isAvailable(service, candidate)) {
                continue;
            }
            if (candidate.equals(exclude) && all.size() > 1) {
                fallback = candidate;
                continue;
            }
            return candidate;
        }
        return fallback;
    }
}
