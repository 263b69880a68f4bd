package dev.chassis.gateway.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's meters, per route and target service: {@code gateway.requests} (whole exchanges,
 * by status and outcome), {@code gateway.upstream.duration} (each upstream attempt alone) and
 * {@code gateway.requests.in.flight}. Without a registry nothing is recorded. Thread-safe.
 */
final class GatewayMeters {
    private final @Nullable MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    GatewayMeters(@Nullable MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a request in flight on the route; the returned counter is decremented at its end. */
    AtomicInteger started(GatewayRoute route) {
        AtomicInteger n = inFlight.computeIfAbsent(route.id(), id -> {
            AtomicInteger counter = new AtomicInteger();
            if (registry != null) {
                Gauge.builder("gateway.requests.in.flight", counter, AtomicInteger::get)
                        .description("Requests the gateway is forwarding now")
                        .tag("route", id)
                        .tag("service", service(route))
                        .register(registry);
            }
            return counter;
        });
        n.incrementAndGet();
        return n;
    }

    /** A whole exchange ended: its status as the client saw it and its outcome. */
    void request(GatewayRoute route, int status, String outcome, long nanos) {
        if (registry != null) {
            Timer.builder("gateway.requests")
                    .description("Requests through the gateway, from routing to the response")
                    .tag("route", route.id())
                    .tag("service", service(route))
                    .tag("status", Integer.toString(status))
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One upstream attempt ended, with a response status or 0 when none arrived. */
    void upstream(GatewayRoute route, String instance, int status, long nanos) {
        if (registry != null) {
            Timer.builder("gateway.upstream.duration")
                    .description("Upstream attempts, from sending the request to the whole response")
                    .tag("route", route.id())
                    .tag("service", service(route))
                    .tag("instance", instance)
                    .tag("status", Integer.toString(status))
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static String service(GatewayRoute route) {
        return route.fixed() != null ? "fixed" : route.config().service();
    }
}
