package dev.chassis.core.internal.http;

import dev.chassis.core.http.Handler;

/**
 * A route as registered through {@code Routing}, before filters are applied.
 *
 * @param method the method
 * @param template the path template
 * @param handler the handler
 * @param onEventLoop whether it runs on the event loop
 * @param admin whether it belongs on the admin port when there is one
 */
public record RouteDefinition(String method, String template, Handler handler, boolean onEventLoop, boolean admin) {}
