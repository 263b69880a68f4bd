package dev.chassis.core.internal.http;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The {@link Routing} handed to {@code Routes}: collects definitions. Not thread-safe. */
public final class RoutingCollector implements Routing {
    private final List<RouteDefinition> routes;
    private final String prefix;
    private final boolean onEventLoop;
    private final boolean admin;
    private final Map<AttributeKey<?>, Object> attributes;

    public RoutingCollector() {
        this(new ArrayList<>(), "", false, false, Map.of());
    }

    private RoutingCollector(
            List<RouteDefinition> routes,
            String prefix,
            boolean onEventLoop,
            boolean admin,
            Map<AttributeKey<?>, Object> attributes) {
        this.routes = routes;
        this.prefix = prefix;
        this.onEventLoop = onEventLoop;
        this.admin = admin;
        this.attributes = attributes;
    }

    @Override
    public Routing route(String method, String path, Handler handler) {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        requireNonNull(handler, "handler");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("method: '" + method + "' (expected: letters, such as GET)");
        }
        String full = prefix + path;
        if (full.isEmpty()) {
            full = "/";
        }
        routes.add(new RouteDefinition(method.toUpperCase(Locale.ROOT), full, handler, onEventLoop, admin, attributes));
        return this;
    }

    @Override
    public Routing group(String prefix, Consumer<Routing> group) {
        requireNonNull(prefix, "prefix");
        requireNonNull(group, "group");
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "prefix: '" + prefix + "' (expected: empty, or starting with / and not ending with /)");
        }
        group.accept(new RoutingCollector(routes, this.prefix + prefix, onEventLoop, admin, attributes));
        return this;
    }

    @Override
    public Routing onEventLoop() {
        return new RoutingCollector(routes, prefix, true, admin, attributes);
    }

    @Override
    public Routing admin() {
        return new RoutingCollector(routes, prefix, onEventLoop, true, plus(ADMIN, Boolean.TRUE));
    }

    @Override
    public <T> Routing with(AttributeKey<T> key, T value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        if (!key.accepts(value)) {
            throw new IllegalArgumentException("value: " + value.getClass().getName() + " for " + key + " (expected: a "
                    + key.type().getName() + ")");
        }
        return new RoutingCollector(routes, prefix, onEventLoop, admin, plus(key, value));
    }

    private Map<AttributeKey<?>, Object> plus(AttributeKey<?> key, Object value) {
        Map<AttributeKey<?>, Object> more = new HashMap<>(attributes);
        more.put(key, value);
        return Map.copyOf(more);
    }

    public List<RouteDefinition> routes() {
        return List.copyOf(routes);
    }
}
