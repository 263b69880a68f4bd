package dev.chassis.observability.internal;

import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.HttpStatusException;
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
import org.jspecify.annotations.Nullable;

/**
 * Server RED metrics, named after the OpenTelemetry HTTP conventions:
 *
 * <ul>
 *   <li>{@code http.server.request.duration} (histogram, seconds) by {@code http.request.method},
 *       {@code http.route} (the template, also for a 405; {@code unmatched} for every request no
 *       route's path matched, so random paths add no series), {@code http.response.status_code}
 *       and, only for a failed request, {@code error.type} (see {@link ErrorTypes#server});
 *   <li>{@code http.server.active_requests}, {@code http.server.open_connections} (gauges);
 *   <li>{@code http.server.rejected} (counter) by {@code reason}: what the server refused before
 *       any handler ran (pool full, body too large, malformed, ...), and {@code connections} for
 *       connections closed at the limit;
 *   <li>{@code http.server.aborted} (counter): requests cut at the end of the shutdown grace.
 *   <li>{@code http.server.write_timeouts} (counter): connections closed because a response was
 *       not written in time (a client that reads too slowly).
 * </ul>
 *
 * <p>Meters are looked up in a small per-route table by method and status, not built per
 * request; a request failed by an exception or left unfinished is looked up by its error type.
 */
public final class HttpServerMetrics implements ExchangeListener {
    static final String UNMATCHED = "unmatched";
    private static final String[] METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"
    };
    private static final String OTHER = "_OTHER";
    private static final int LOWEST_STATUS = 100;
    private static final int STATUSES = 500;

    private final MeterRegistry registry;
    private final Duration[] buckets;
    /** By route: by method, then by status from 100, the timers of requests their status describes. */
    private final ConcurrentMap<String, Timer[][]> timers = new ConcurrentHashMap<>();
    /** The timers of requests an exception failed or that ended without their response. */
    private final ConcurrentMap<TimerKey, Timer> failed = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Function<String, Timer[][]> newRow = route -> new Timer[METHODS.length + 1][];
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
        FunctionCounter.builder("http.server.write_timeouts", stats, ServerStats::writeTimeouts)
                .description("Connections closed because a response was not written within server.write-timeout")
                .register(registry);
        // The reasons are a fixed set, all present from the start, so each is a counter read from the stats.
        for (String reason : stats.tlsHandshakeFailures().keySet()) {
            FunctionCounter.builder(
                            "http.server.tls.handshake_failures",
                            stats,
                            s -> s.tlsHandshakeFailures().getOrDefault(reason, 0L))
                    .description("TLS handshakes that failed, by reason; none of them reached a handler")
                    .tag("reason", reason)
                    .register(registry);
        }
        for (String reason : stats.http2GoAways().keySet()) {
            FunctionCounter.builder(
                            "http.server.h2.goaway",
                            stats,
                            s -> s.http2GoAways().getOrDefault(reason, 0L))
                    .description("HTTP/2 connections ended with a GOAWAY for an error (rapid reset, CONTINUATION"
                            + " flood...), by reason")
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    @Override
    public void onComplete(Request request, Completion completion) {
        String route = request.route().orElse(UNMATCHED);
        int method = methodIndex(request.method());
        timer(route, method, completion).record(completion.durationNanos(), TimeUnit.NANOSECONDS);
        completion
                .rejection()
                .ifPresent(reason ->
                        rejections.computeIfAbsent(reason, newRejection).increment());
    }

    private Timer timer(String route, int method, Completion completion) {
        int status = completion.status();
        Throwable failure = completion.failure().orElse(null);
        int slot = status - LOWEST_STATUS;
        if (completion.outcome() != Completion.Outcome.COMPLETED
                || (failure != null && !(failure instanceof HttpStatusException))
                || slot < 0
                || slot >= STATUSES) {
            String errorType = ErrorTypes.server(completion);
            return failed.computeIfAbsent(
                    new TimerKey(route, method, status, errorType),
                    key -> register(key.route(), key.method(), key.status(), key.errorType()));
        }
        Timer[][] row = timers.computeIfAbsent(route, newRow);
        Timer[] byStatus = row[method];
        if (byStatus == null) {
            byStatus = new Timer[STATUSES];
            row[method] = byStatus;
        }
        Timer timer = byStatus[slot];
        if (timer == null) {
            // The status alone gives the error type here; another thread racing to register gets the same timer.
            timer = register(route, method, status, ErrorTypes.server(completion));
            byStatus[slot] = timer;
        }
        return timer;
    }

    private Timer register(String route, int method, int status, @Nullable String errorType) {
        Timer.Builder builder = Timer.builder("http.server.request.duration")
                .description("Duration of HTTP server requests")
                .tag("http.request.method", method < METHODS.length ? METHODS[method] : OTHER)
                .tag("http.route", route)
                .tag("http.response.status_code", Integer.toString(status))
                .serviceLevelObjectives(buckets);
        if (errorType != null) {
            builder.tag("error.type", errorType);
        }
        return builder.register(registry);
    }

    /** A timer looked up by its error type; its values are bounded (templates, statuses, class names). */
    private record TimerKey(
            String route, int method, int status, @Nullable String errorType) {}

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
