package dev.chassis.core.internal.client;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientRequest;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceInstance;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The client of one downstream. Thread-safe. */
final class DefaultServiceClient implements ServiceClient {
    private final String name;
    private final DefaultServiceClients clients;
    private final InstancePicker picker;
    /** The static instances of the urls seen last; rebuilt when the configuration changes them. */
    private volatile Fixed fixed = new Fixed(List.of(), List.of());

    private record Fixed(List<URI> urls, List<ServiceInstance> instances) {}

    DefaultServiceClient(String name, DefaultServiceClients clients, InstancePicker picker) {
        this.name = name;
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
        List<URI> urls = config().urls();
        if (urls.isEmpty()) {
            return clients.resolve(name);
        }
        Fixed f = fixed;
        if (f.urls() != urls) {
            List<ServiceInstance> instances = new ArrayList<>(urls.size());
            for (URI url : urls) {
                instances.add(ServiceInstance.of(url));
            }
            f = new Fixed(urls, List.copyOf(instances));
            fixed = f;
        }
        return Optional.of(f.instances());
    }

    /** This downstream's settings as they are now. */
    ClientConfig config() {
        return clients.config().of(name);
    }

    DefaultServiceClients clients() {
        return clients;
    }

    InstancePicker picker() {
        return picker;
    }
}
