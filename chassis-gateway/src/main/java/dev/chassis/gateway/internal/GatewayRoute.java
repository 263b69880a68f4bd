package dev.chassis.gateway.internal;

import dev.chassis.gateway.config.RouteConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A configured route, compiled: its pattern, conditions, rewrite and target. Immutable.
 *
 * @param config the route as configured
 * @param key where it is configured, {@code gateway.routes.2}
 * @param pattern what it matches of the path
 * @param fixed the fixed target, or null for a service
 * @param policy what the route admits
 */
record GatewayRoute(
        RouteConfig config,
        String key,
        PathPattern pattern,
        @Nullable URI fixed,
        EdgePolicy policy) {
    String id() {
        return config.id();
    }

    /**
     * Whether the request's method, host and headers meet the route's conditions.
     *
     * @param host the request's host without the port, lower case, or empty
     * @param headers the request's first value of a header, or null
     */
    boolean accepts(String method, String host, Function<String, @Nullable String> headers) {
        if (!config.methods().isEmpty() && !config.methods().contains(method)) {
            return false;
        }
        if (!config.host().isEmpty() && !config.host().equals(host)) {
            return false;
        }
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            if (!h.getValue().equals(headers.apply(h.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The forwarded path (without the query) for a raw path this route matched with these parameters. */
    String rewrite(String path, Map<String, String> params) {
        if (config.stripPrefix()) {
            return pattern.strip(path);
        }
        if (!config.rewrite().isEmpty()) {
            return PathPattern.substitute(config.rewrite(), params);
        }
        return path;
    }

    /** Whether some request could match both this route and the other with neither more specific. */
    boolean overlaps(GatewayRoute other) {
        if (!pattern.shape().equals(other.pattern.shape())
                || !config.host().equals(other.config.host())
                || !lowerKeys(config.headers()).equals(lowerKeys(other.config.headers()))) {
            return false;
        }
        if (config.methods().isEmpty() || other.config.methods().isEmpty()) {
            return true;
        }
        return config.methods().stream().anyMatch(other.config.methods()::contains);
    }

    private static Map<String, String> lowerKeys(Map<String, String> headers) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        headers.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return m;
    }

    /** Orders the more specific route first: path, then host, headers and methods as tie-breakers. */
    int compareSpecificity(GatewayRoute other) {
        int c = Integer.compare(other.pattern.specificity(), pattern.specificity());
        if (c == 0) {
            c = Boolean.compare(other.config.host().isEmpty(), config.host().isEmpty()) * -1;
        }
        if (c == 0) {
            c = Integer.compare(other.config.headers().size(), config.headers().size());
        }
        if (c == 0) {
            c = Boolean.compare(
                    config.methods().isEmpty(), other.config.methods().isEmpty());
        }
        return c;
    }

    static final Set<String> NO_BODY_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");
}
