package dev.chassis.core.http;

import java.util.function.Consumer;

/**
 * Registers routes. Paths are templates: literal segments and {@code {name}} parameters, each a
 * whole segment ({@code /accounts/{id}/transfers}); a last segment {@code {name...}} takes the
 * rest of the path. {@code HEAD} is answered from {@code GET} routes and {@code OPTIONS} from the
 * registered methods; a known path with another method gets 405 with {@code Allow}.
 *
 * <p>Routes run their handlers off the event loop (virtual threads where the JVM has them, a
 * bounded pool otherwise); {@link #onEventLoop()} opts in to running on the event loop, for
 * handlers that never block.
 *
 * <p>Not thread-safe: used during start-up only.
 *
 * @throws IllegalArgumentException from every method, if the path is not a valid template or the
 *     same method and path are registered twice
 */
public interface Routing {
    /** Registers a route for any method name. */
    Routing route(String method, String path, Handler handler);

    /** Registers a {@code GET} route (also answering {@code HEAD}). */
    default Routing get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** Registers a {@code POST} route. */
    default Routing post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** Registers a {@code PUT} route. */
    default Routing put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    /** Registers a {@code PATCH} route. */
    default Routing patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /** Registers a {@code DELETE} route. */
    default Routing delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    /**
     * Registers routes under a common prefix.
     *
     * <pre>{@code
     * routing.group("/accounts", g -> g.get("/{id}", find).post("", open));
     * }</pre>
     */
    Routing group(String prefix, Consumer<Routing> routes);

    /** A view of this routing whose routes run their handlers on the event loop. */
    Routing onEventLoop();

    /**
     * A view of this routing whose routes are served on the admin port when one is configured
     * ({@code admin.port}), and on the main port otherwise. Its routes carry {@link #ADMIN}.
     */
    Routing admin();

    /**
     * Present, and {@code true}, on every route registered through {@link #admin()}: lets a filter
     * tell the health, info and metrics routes from the service's own.
     */
    AttributeKey<Boolean> ADMIN = AttributeKey.of("admin", Boolean.class);

    /**
     * A view of this routing whose routes carry a value under a key, which filters read with
     * {@link Request#routeAttribute}: how a route or a group of routes declares, where it is
     * declared, what a module's filter should do for it (an authorization requirement, say). An
     * inner {@code with} of the same key replaces the outer one for its routes.
     *
     * <pre>{@code
     * routing.with(Access.KEY, Access.scope("accounts:write"))
     *         .group("/accounts/{id}", movements -> movements.put("/debits/{transferId}", debit));
     * }</pre>
     *
     * @throws NullPointerException if the key or value is null
     * @throws IllegalArgumentException if the value is not of the key's type
     */
    <T> Routing with(AttributeKey<T> key, T value);
}
