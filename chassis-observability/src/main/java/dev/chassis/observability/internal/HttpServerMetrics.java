package dev.chassis.observability.internal;

import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.ServerStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Server RED metrics, named after the OpenTelemetry HTTP conventions:
 *
 * <ul>
 *   <li>{@code http.server.request.duration} (histogram, seconds) by {@code http.request.method},
 *       {@code http.route} (the template; {@code unmatched} for every request no route matched,
 *       so random paths add no series) and {@code http.response.status_class} ({@code 2xx}...);
 *   <li>{@code http.server.active_requests}, {@code http.server.open_connections} (gauges);
 *   <li>{@code http.server.rejected} (counter) by {@code reason}: what the server refused before
 *       any handler ran (pool full, body too large, malformed, ...), and {@code connections} for
 *       connections closed at the limit;
 *   <li>{@code http.server.aborted} (counter): requests cut at the end of the shutdown grace.
 * </ul>
 *
 * <p>Meters are looked up in a small per-route table, not built per request.
 */
public final class HttpServerMetrics implements ExchangeListener {
    static final String UNMATCHED = "unmatched";
    private static final String[] METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"
    };
    private static final String OTHER = "_OTHER";
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Function<String, Timer[]> newRow = route -> new Timer[(METHODS.length + 1) * CLASSES.length];
    private final Function<String, Counter> newRejection;

    public HttpServerMetrics(MeterRegistry registry, ServerStats stats, List<Duration> buckets) {
        this.registry = registry;
        this.buckets = buckets.toArray(Duration[]::new);
        this.newRejection = reason -> Counter.builder("http.server.rejected")
                .description("Requests and connections the server refused before any handler ran")
                .tag("reason", reason)
                .register(registry);
        Gauge.builder("http.server.active_requests", stats, ServerStats::inFlightRequests)
                .description("Requests received and not yet answered")
                .register(registry);
        Gauge.builder("http.server.open_connections", stats, ServerStats::openConnections)
                .description("Open HTTP connections")
                .register(registry);
        FunctionCounter.builder("http.server.rejected", stats, ServerStats::rejectedConnections)
                .description("Requests and connections the server refused before any handler ran")
                .tag("reason", "connections")
                .register(registry);
        FunctionCounter.builder("http.server.aborted", stats, ServerStats::abortedRequests)
                .description("Requests still running at the end of the shutdown grace period")
                .register(registry);
    }

    @Override
    public void onComplete(Request request, Completion completion) {
        String route = request.route().orElse(UNMATCHED);
        int method = methodIndex(request.method());
        int statusClass = Math.min(Math.max(completion.status() / 100, 1), 5) - 1;
        Timer[] row = timers.computeIfAbsent(route, newRow);
        int slot = method * CLASSES.length + statusClass;
        Timer timer = row[slot];
        if (timer == null) {
            timer = Timer.builder("http.server.request.duration")
                    .description("Duration of HTTP server requests")
                    .tag("http.request.method", method < METHODS.length ? METHODS[method] : OTHER)
                    .tag("http.route", route)
                    .tag("http.response.status_class", CLASSES[statusClass])
                    .serviceLevelObjectives(buckets)
                    .register(registry);
            row[slot] = timer;
        }
        timer.record(completion.durationNanos(), TimeUnit.NANOSECONDS);
        completion
                .rejection()
                .ifPresent(reason ->
                        rejections.computeIfAbsent(reason, newRejection).increment());
    }

    private static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length;
    }

    @Override
    public int order() {
        return Filter.ORDER_METRICS;
    }
}
