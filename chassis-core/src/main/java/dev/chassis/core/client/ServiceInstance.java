package dev.chassis.core.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * One instance of a downstream service, as a {@link ServiceResolver} reports it.
 *
 * @param id a stable ID, unique among the service's instances
 * @param baseUri where it is reached: {@code http://10.0.0.7:8080}
 * @param meta what discovery knows of it: {@code zone}, {@code version}, ...
 */
public record ServiceInstance(String id, URI baseUri, Map<String, String> meta) {
    /**
     * Creates an instance.
     *
     * @throws IllegalArgumentException if the URI is not an absolute http URI with a host
     */
    public ServiceInstance {
        requireNonNull(id, "id");
        requireNonNull(baseUri, "baseUri");
        if (!("http".equalsIgnoreCase(baseUri.getScheme()) || "https".equalsIgnoreCase(baseUri.getScheme()))
                || baseUri.getHost() == null) {
            throw new IllegalArgumentException(
                    "baseUri: '" + baseUri + "' (expected: http://host:port or https://host:port)");
        }
        meta = Map.copyOf(requireNonNull(meta, "meta"));
    }

    /** An instance known only by its URI, which is also its ID. */
    public static ServiceInstance of(URI baseUri) {
        return new ServiceInstance(baseUri.toString(), baseUri, Map.of());
    }

    /** The port, with the scheme's default (80, or 443 for https) when the URI has none. */
    public int port() {
        return baseUri.getPort() < 0 ? (secure() ? 443 : 80) : baseUri.getPort();
    }

    /** Whether the instance is called over TLS ({@code https://}). */
    public boolean secure() {
        return "https".equalsIgnoreCase(baseUri.getScheme());
    }
}
