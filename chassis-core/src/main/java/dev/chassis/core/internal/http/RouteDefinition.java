package dev.chassis.core.internal.http;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Handler;
import java.util.Map;

/**
 * A route as registered through {@code Routing}, before filters are applied.
 *
 * @param method the method
 * @param template the path template
 * @param handler the handler
 * @param onEventLoop whether it runs on the event loop
 * @param admin whether it belongs on the admin port when there is one
 * @param attributes the values it was declared with ({@code Routing.with})
 */
public record RouteDefinition(
        String method,
        String template,
        Handler handler,
        boolean onEventLoop,
        boolean admin,
        Map<AttributeKey<?>, Object> attributes) {
    /** Copies the attributes. */
    public RouteDefinition {
        attributes = Map.copyOf(attributes);
    }

    /** A route declared with no attributes. */
    public RouteDefinition(String method, String template, Handler handler, boolean onEventLoop, boolean admin) {
        this(method, template, handler, onEventLoop, admin, Map.of());
    }
}
