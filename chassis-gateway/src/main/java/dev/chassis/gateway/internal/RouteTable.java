package dev.chassis.gateway.internal;

import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.gateway.config.GatewayConfig;
import dev.chassis.gateway.config.RouteConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The routes, most specific first, and the match of a request against them. Built only from a
 * configuration that passes every check: no two routes overlap, each names a service that can be
 * found or a valid URL. Immutable and thread-safe.
 */
final class RouteTable {
    private final List<GatewayRoute> routes;

    private RouteTable(List<GatewayRoute> routes) {
        this.routes = routes;
    }

    /** A match: the route and the path it forwards to. */
    record Match(GatewayRoute route, String path) {}

    /**
     * Checks and compiles the routes.
     *
     * @param known whether a service name can be found (its {@code clients.<name>} entry, or a
     *     resolver in the component)
     * @param knownHint what the failure lists as the known services
     * @param config where each key came from, for the message; null when there is none
     * @throws ConfigException listing every bad route, each by its key and source
     */
    static RouteTable create(
            GatewayConfig gateway, Function<String, Boolean> known, String knownHint, @Nullable BoundConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<GatewayRoute> compiled = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        List<RouteConfig> list = gateway.routes();
        for (int i = 0; i < list.size(); i++) {
            RouteConfig r = list.get(i);
            String key = "gateway.routes." + i;
            String other = ids.putIfAbsent(r.id(), key);
            if (other != null) {
                problems.add(
                        problem(config, key + ".id", r.id(), "the id of " + other + " too (expected: unique ids)"));
                continue;
            }
            PathPattern pattern;
            try {
                pattern =
                        r.pathPrefix().isEmpty() ? PathPattern.template(r.path()) : PathPattern.prefix(r.pathPrefix());
                if (!r.rewrite().isEmpty()) {
                    PathPattern.substitute(r.rewrite(), dummies(pattern));
                }
            } catch (IllegalArgumentException e) {
                String field = r.pathPrefix().isEmpty()
                                && e.getMessage().contains(r.rewrite())
                                && !r.rewrite().isEmpty()
                        ? ".rewrite"
                        : r.pathPrefix().isEmpty() ? ".path" : ".path-prefix";
                problems.add(problem(config, key + field, null, e.getMessage()));
                continue;
            }
            URI fixed = null;
            if (!r.url().isEmpty()) {
                fixed = fixedUrl(r.url());
                if (fixed == null) {
                    problems.add(problem(
                            config,
                            key + ".url",
                            r.url(),
                            "'" + r.url() + "' (expected: http://host:port or https://host:port, no path)"));
                    continue;
                }
            } else if (!known.apply(r.service())) {
                problems.add(problem(
                        config,
                        key + ".service",
                        r.service(),
                        "route '" + r.id() + "' points at no service '" + r.service() + "' (expected: " + knownHint
                                + ")"));
                continue;
            }
            EdgePolicy policy;
            try {
                policy = new EdgePolicy(key, r);
            } catch (IllegalArgumentException e) {
                String bad = e.getMessage().substring(0, e.getMessage().indexOf(':'));
                problems.add(problem(config, bad, null, e.getMessage()));
                continue;
            }
            GatewayRoute route = new GatewayRoute(r, key, pattern, fixed, policy);
            for (GatewayRoute earlier : compiled) {
                if (earlier.overlaps(route)) {
                    problems.add(problem(
                            config,
                            key,
                            null,
                            "routes '" + earlier.id() + "' (" + earlier.key() + ") and '" + r.id() + "' (" + key
                                    + ") overlap: both match " + describe(route, earlier)
                                    + " (expected: a different path, host, method or header condition)"));
                }
            }
            compiled.add(route);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        compiled.sort(GatewayRoute::compareSpecificity);
        return new RouteTable(List.copyOf(compiled));
    }

    private static ConfigProblem problem(
            @Nullable BoundConfig config, String key, @Nullable String value, String message) {
        String source =
                config == null ? "configuration" : config.sourceOf(key).orElseGet(() -> sourceOfParent(config, key));
        return new ConfigProblem(key, value, source, message);
    }

    private static String sourceOfParent(BoundConfig config, String key) {
        return config.values().entrySet().stream()
                .filter(e -> e.getKey().startsWith(key))
                .findFirst()
                .flatMap(e -> config.sourceOf(e.getKey()))
                .orElse("configuration");
    }

    private static String describe(GatewayRoute a, GatewayRoute b) {
        Set<String> methods = new TreeSet<>(a.config().methods());
        if (methods.isEmpty()) {
            methods.addAll(b.config().methods());
        } else if (!b.config().methods().isEmpty()) {
            methods.retainAll(b.config().methods());
        }
        String m = methods.isEmpty() ? "any method" : String.join("/", methods);
        String path = a.config().pathPrefix().isEmpty()
                ? a.config().path()
                : a.config().pathPrefix() + "/...";
        return m + " " + path
                + (a.config().host().isEmpty() ? "" : " on host " + a.config().host());
    }

    private static Map<String, String> dummies(PathPattern pattern) {
        Map<String, String> m = new HashMap<>();
        for (String name : pattern.names()) {
            m.put(name, "x");
        }
        return m;
    }

    private static @Nullable URI fixedUrl(String url) {
        try {
            URI uri = new URI(url);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            boolean bare = uri.getRawPath() == null
                    || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/");
            return http && uri.getHost() != null && bare && uri.getRawQuery() == null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * The most specific route that matches.
     *
     * @param path the raw path, without the query
     * @param host the host without port, lower case
     */
    @Nullable
    Match match(String method, String path, String host, Function<String, @Nullable String> headers) {
        for (GatewayRoute route : routes) {
            Map<String, String> params = route.pattern().match(path);
            if (params != null && route.accepts(method, host, headers)) {
                return new Match(route, route.rewrite(path, params));
            }
        }
        return null;
    }

    /** The routes, most specific first. */
    List<GatewayRoute> routes() {
        return routes;
    }

    /** The services the routes name. */
    List<String> services() {
        return routes.stream()
                .map(r -> r.config().service())
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
