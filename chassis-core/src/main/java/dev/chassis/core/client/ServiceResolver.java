package dev.chassis.core.client;

import java.util.List;
import java.util.Optional;

/**
 * Finds the instances of a downstream service: contributed with {@code @Provides @IntoSet
 * ServiceResolver} (Consul discovery is one). The static lists of {@code clients.<name>.urls} are
 * the core's own resolver and win when a client has them.
 *
 * <p>{@link #resolve} is called on every call and must not touch the network: it reads what a
 * background watch keeps current. Implementations must be thread-safe.
 */
public interface ServiceResolver {
    /**
     * The instances of a service, healthy ones only.
     *
     * @return empty when this resolver does not know the service; an empty list when it knows it
     *     and has no instance now
     */
    Optional<List<ServiceInstance>> resolve(String downstream);

    /**
     * Tells the resolver at start-up which services the configured clients will call, so it can
     * start watching them before the first request. Called once, before the server binds.
     */
    default void prepare(List<String> downstreams) {}

    /**
     * Registers a listener told when the instances of a downstream change, so the client can forget
     * what it keeps per instance (load-balancer counters, circuit breakers and their meters) for
     * instances that have left. A resolver whose instances never change need not override this.
     * Called once per client set, before the server binds.
     */
    default void addListener(Listener listener) {}

    /** Told when a resolver's instances of a downstream change. */
    @FunctionalInterface
    interface Listener {
        /**
         * The instances of a downstream are now these; any other instance has left. Runs on the
         * resolver's thread and must not block.
         */
        void instancesChanged(String downstream, List<ServiceInstance> instances);
    }
}
