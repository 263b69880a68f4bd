package dev.chassis.core.internal.http;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Handler;
import java.util.Map;

/**
 * A registered route with its handler already wrapped in the filters.
 *
 * @param method the method registered
 * @param template the path template
 * @param handler the handler wrapped in the filter chain
 * @param onEventLoop whether it runs on the event loop
 * @param attributes the values it was declared with
 */
record RouteEntry(
        String method,
        String template,
        Handler handler,
        boolean onEventLoop,
        Map<AttributeKey<?>, Object> attributes) {}
