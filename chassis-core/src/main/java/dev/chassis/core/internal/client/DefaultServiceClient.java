package dev.chassis.core.internal.client;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientRequest;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceInstance;
import java.util.List;
import java.util.Optional;

/** The client of one downstream. Thread-safe. */
final class DefaultServiceClient implements ServiceClient {
    private final String name;
    private final ClientConfig config;
    private final List<ServiceInstance> fixed;
    private final DefaultServiceClients clients;
    private final InstancePicker picker;

    DefaultServiceClient(
            String name,
            ClientConfig config,
            List<ServiceInstance> fixed,
            DefaultServiceClients clients,
            InstancePicker picker) {
        this.name = name;
        this.config = config;
        this.fixed = fixed;
        this.clients = clients;
        this.picker = picker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ClientRequest request(String method, String pathTemplate, Object... pathParameters) {
        return new DefaultClientRequest(this, method, pathTemplate, pathParameters);
    }

    /** The instances now: the configured list, or what a resolver knows; empty when none knows. */
    Optional<List<ServiceInstance>> instances() {
        return fixed.isEmpty() ? clients.resolve(name) : Optional.of(fixed);
    }

    ClientConfig config() {
        return config;
    }

    DefaultServiceClients clients() {
        return clients;
    }

    InstancePicker picker() {
        return picker;
    }
}
