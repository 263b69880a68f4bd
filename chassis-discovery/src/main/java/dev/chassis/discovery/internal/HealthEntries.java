package dev.chassis.discovery.internal;

import dev.chassis.core.client.ServiceInstance;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.Node;
import org.kiwiproject.consul.model.health.Service;
import org.kiwiproject.consul.model.health.ServiceHealth;

/** Turns the entries of {@code /v1/health/service/<name>} into instances for the client. */
final class HealthEntries {
    /** The meta key of an instance's zone, on the service or on its node. */
    static final String ZONE = "zone";
    /** The service meta key that says how instances are called: {@code https}, or {@code http} when absent. */
    static final String SCHEME = "scheme";

    private HealthEntries() {}

    /** Health as Consul ranks it, best first; an instance has the worst of its checks'. */
    static final List<String> HEALTH = List.of("passing", "warning", "critical");

    /**
     * An instance of an answer with its health.
     *
     * @param instance how it is called
     * @param health {@code passing}, {@code warning} or {@code critical}: the worst status of its
     *     checks and its node's (a status Consul may add later counts as critical)
     */
    record Known(ServiceInstance instance, String health) {
        boolean passing() {
            return health.equals("passing");
        }
    }

    /**
     * The instances of an answer, in its order, each with its health. An entry without an address
     * or port cannot be called and is left out.
     *
     * @throws GarbageAnswer if the answer is not a list of entries
     */
    static List<Known> known(@Nullable List<ServiceHealth> entries) {
        if (entries == null) {
            throw new GarbageAnswer("the answer is not a list of health entries");
        }
        List<Known> out = new ArrayList<>(entries.size());
        for (ServiceHealth entry : entries) {
            if (entry == null || entry.getService() == null || entry.getNode() == null) {
                throw new GarbageAnswer("a health entry has no Service or Node");
            }
            ServiceInstance instance = instance(entry.getService(), entry.getNode());
            if (instance != null) {
                out.add(new Known(instance, health(entry.getChecks())));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The passing ones of {@code known}, in order: the ones to call (what Consul's own
     * {@code ?passing} filter would have kept).
     */
    static List<ServiceInstance> passing(List<Known> known) {
        List<ServiceInstance> out = new ArrayList<>(known.size());
        for (Known k : known) {
            if (k.passing()) {
                out.add(k.instance());
            }
        }
        return List.copyOf(out);
    }

    private static String health(@Nullable List<HealthCheck> checks) {
        int worst = 0;
        if (checks != null) {
            for (HealthCheck check : checks) {
                int rank = check == null ? 2 : HEALTH.indexOf(check.getStatus());
                worst = Math.max(worst, rank < 0 ? 2 : rank);
            }
        }
        return HEALTH.get(worst);
    }

    @Nullable
    private static ServiceInstance instance(Service service, Node node) {
        String address = service.getAddress() == null || service.getAddress().isEmpty()
                ? node.getAddress()
                : service.getAddress();
        int port = service.getPort();
        if (address == null || address.isEmpty() || port <= 0 || port > 65_535) {
            return null;
        }
        URI uri;
        try {
            String host = address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
            String scheme = service.getMeta() != null
                            && "https".equalsIgnoreCase(service.getMeta().get(SCHEME))
                    ? "https://"
                    : "http://";
            uri = new URI(scheme + host + ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.getHost() == null) {
            return null;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, String> nodeMeta = node.getNodeMeta().orElse(Map.of());
        String nodeZone = nodeMeta.get(ZONE);
        if (nodeZone != null && !nodeZone.isEmpty()) {
            meta.put(ZONE, nodeZone);
        }
        if (service.getMeta() != null) {
            meta.putAll(service.getMeta());
        }
        meta.put("node", node.getNode());
        meta.put("service-id", service.getId());
        return new ServiceInstance(service.getId() + "@" + node.getNode(), uri, meta);
    }

    /** The instances of this zone when there are any, else all of them. */
    static List<ServiceInstance> preferZone(List<ServiceInstance> instances, String zone) {
        if (zone.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> local = new ArrayList<>();
        for (ServiceInstance instance : instances) {
            if (zone.equals(instance.meta().get(ZONE))) {
                local.add(instance);
            }
        }
        return local.isEmpty() ? instances : List.copyOf(local);
    }

    /** An answer that parsed but does not make sense. */
    static final class GarbageAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GarbageAnswer(String message) {
            super(message);
        }
    }
}
