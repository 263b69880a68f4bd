package dev.chassis.observability.internal;

import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The scrape endpoint: the Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} asks for {@code application/openmetrics-text}. An admin route: on the admin port
 * when there is one.
 */
public final class MetricsEndpoint implements Routes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final String path;
    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(String path, PrometheusMeterRegistry registry) {
        this.path = path;
        this.registry = registry;
    }

    @Override
    public void register(Routing routing) {
        routing.admin().get(path, this::scrape);
    }

    private Response scrape(Request request) {
        String accept = request.header("Accept").orElse("").toLowerCase(Locale.ROOT);
        String type = accept.contains("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS_TEXT;
        byte[] body = registry.scrape(type).getBytes(StandardCharsets.UTF_8);
        return Response.ok().header("Cache-Control", "no-store").bytes(body, type);
    }
}
