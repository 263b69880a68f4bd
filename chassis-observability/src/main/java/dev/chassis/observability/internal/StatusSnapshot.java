package dev.chassis.observability.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chassis.observability.internal.MeterReading.CallCounts;
import dev.chassis.observability.internal.MeterReading.RouteCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the status page shows, as JSON: rates and latencies over the last minute from the
 * sampler's readings, and the gauges as they are now, each read from the registry by the name
 * {@code /metrics} serves it under.
 *
 * @param at when the snapshot was made
 * @param window seconds the rates and latencies cover (a minute once the service has run one)
 * @param interval seconds between two points of a series
 * @param readyPath where the service's readiness and its reasons are served
 * @param inFlight requests received and not yet answered
 * @param inFlightSeries requests in flight at each sample
 * @param routes per route (method and template)
 * @param downstreams per downstream the client calls
 * @param pools per connection pool
 * @param logDropped log events dropped because the log queue was full, since start; null when
 *     logs are not written through the counting queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusSnapshot(
        Instant at,
        double window,
        double interval,
        String readyPath,
        double inFlight,
        List<Double> inFlightSeries,
        List<RouteStatus> routes,
        List<DownstreamStatus> downstreams,
        List<PoolStatus> pools,
        @Nullable Double logDropped) {
    static final double[] QUANTILES = {0.5, 0.99};

    /**
     * One route over the window.
     *
     * @param route method and template, {@code GET /accounts/{id}}
     * @param requests requests answered in the window
     * @param errors of those, failed ones (5xx, exceptions, unfinished responses)
     * @param rate requests per second
     * @param errorRate failed requests per second
     * @param p50 median duration in seconds, interpolated in the histogram's buckets; null with no requests
     * @param p99 99th percentile duration in seconds; the highest bucket's bound when beyond it
     * @param rateSeries requests per second in each sample interval, oldest first
     * @param errorSeries failed requests per second in each interval
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteStatus(
            String route,
            long requests,
            long errors,
            double rate,
            double errorRate,
            @Nullable Double p50,
            @Nullable Double p99,
            List<Double> rateSeries,
            List<Double> errorSeries) {}

    /**
     * One downstream.
     *
     * @param name the client's name for it
     * @param calls calls through the resilience policies in the window
     * @param errors of those, the ones that did not succeed (failed, timed out, rejected, fallen back)
     * @param rate calls per second
     * @param errorRate failed calls per second
     * @param retryBudget retries the retry budget allows now; null without a budget
     * @param discovered healthy instances in discovery's last good answer; null when discovery does not watch it
     * @param discoveryAge seconds since that answer
     * @param instances each instance the client has a circuit breaker for or discovery knows
     * @param rateSeries calls per second in each sample interval
     * @param errorSeries failed calls per second in each interval
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DownstreamStatus(
            String name,
            long calls,
            long errors,
            double rate,
            double errorRate,
            @Nullable Double retryBudget,
            @Nullable Double discovered,
            @Nullable Double discoveryAge,
            List<InstanceStatus> instances,
            List<Double> rateSeries,
            List<Double> errorSeries) {}

    /**
     * One instance of a downstream.
     *
     * @param instance its ID (its address for static URLs)
     * @param breaker {@code closed}, {@code half-open} or {@code open}; null before its first call
     * @param health {@code passing}, {@code warning} or {@code critical} in discovery's last good
     *     answer (only passing instances are called); null when discovery does not know it
     * @param age seconds since it appeared in discovery's answers; null when discovery does not know it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceStatus(
            String instance,
            @Nullable String breaker,
            @Nullable String health,
            @Nullable Double age) {

        /** An instance known only by its circuit breaker. */
        public InstanceStatus(String instance, String breaker) {
            this(instance, breaker, null, null);
        }
    }

    /**
     * One connection pool, from HikariCP's meters.
     *
     * @param name the pool's name
     * @param active connections in use
     * @param idle connections open and free
     * @param pending threads waiting for a connection
     * @param max the pool's maximum size
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoolStatus(
            String name,
            double active,
            double idle,
            double pending,
            @Nullable Double max) {}

    /** The snapshot of now against the sampler's readings. */
    static StatusSnapshot of(MeterRegistry registry, StatusSampler sampler, String readyPath) {
        MeterReading now = sampler.now();
        List<MeterReading> kept = sampler.readings();
        MeterReading base = kept.isEmpty() ? now : kept.get(0);
        double seconds = Math.max((now.nanos - base.nanos) / 1e9, 1e-9);
        Gauges gauges = Gauges.read(registry);

        List<RouteStatus> routes = new ArrayList<>();
        for (Map.Entry<String, RouteCounts> e : now.routes.entrySet()) {
            RouteCounts cur = e.getValue();
            RouteCounts old = base.routes.get(e.getKey());
            long requests = cur.requests() - (old == null ? 0 : old.requests());
            long errors = cur.errors() - (old == null ? 0 : old.errors());
            long[] diff = bucketDiff(cur, old);
            routes.add(new RouteStatus(
                    e.getKey(),
                    requests,
                    errors,
                    requests / seconds,
                    errors / seconds,
                    quantile(QUANTILES[0], cur.bounds(), diff, requests),
                    quantile(QUANTILES[1], cur.bounds(), diff, requests),
                    series(kept, e.getKey(), true, false),
                    series(kept, e.getKey(), true, true)));
        }

        Set<String> names = new TreeSet<>(now.downstreams.keySet());
        names.addAll(gauges.breakers.keySet());
        names.addAll(gauges.budgets.keySet());
        names.addAll(gauges.discovered.keySet());
        List<DownstreamStatus> downstreams = new ArrayList<>();
        for (String name : names) {
            CallCounts cur = now.downstreams.getOrDefault(name, new CallCounts(0, 0));
            CallCounts old = base.downstreams.getOrDefault(name, new CallCounts(0, 0));
            long calls = cur.calls() - old.calls();
            long errors = cur.errors() - old.errors();
            Map<String, Double> breakers = gauges.breakers.getOrDefault(name, Map.of());
            Map<String, Double> health = gauges.health.getOrDefault(name, Map.of());
            Map<String, Double> ages = gauges.ages.getOrDefault(name, Map.of());
            Set<String> ids = new TreeSet<>(breakers.keySet());
            ids.addAll(health.keySet());
            List<InstanceStatus> instances = new ArrayList<>();
            for (String id : ids) {
                Double state = breakers.get(id);
                Double h = health.get(id);
                instances.add(new InstanceStatus(
                        id, state == null ? null : breaker(state), h == null ? null : health(h), ages.get(id)));
            }
            downstreams.add(new DownstreamStatus(
                    name,
                    calls,
                    errors,
                    calls / seconds,
                    errors / seconds,
                    gauges.budgets.get(name),
                    gauges.discovered.get(name),
                    gauges.discoveryAge.get(name),
                    instances,
                    series(kept, name, false, false),
                    series(kept, name, false, true)));
        }

        List<Double> inFlight = new ArrayList<>();
        for (MeterReading r : kept) {
            inFlight.add(r.inFlight);
        }
        return new StatusSnapshot(
                Instant.now(),
                now.nanos == base.nanos ? 0 : seconds,
                sampler.interval().toMillis() / 1000.0,
                readyPath,
                now.inFlight,
                inFlight,
                routes,
                downstreams,
                gauges.pools(),
                gauges.logDropped);
    }

    static String health(double value) {
        // discovery.instance.health: 0 passing, 1 warning, 2 critical.
        if (value == 0) {
            return "passing";
        }
        return value == 1 ? "warning" : "critical";
    }

    static String breaker(double state) {
        // resilience.circuit.state: 0 closed, 1 half-open, 2 open.
        if (state == 0) {
            return "closed";
        }
        return state == 1 ? "half-open" : state == 2 ? "open" : "unknown";
    }

    private static long[] bucketDiff(RouteCounts cur, @Nullable RouteCounts old) {
        long[] diff = cur.buckets().clone();
        if (old != null && old.buckets().length == diff.length) {
            for (int i = 0; i < diff.length; i++) {
                diff[i] -= old.buckets()[i];
            }
        }
        return diff;
    }

    /**
     * The {@code q} quantile of {@code total} observations with {@code cumulative} of them at or
     * below each bound, interpolated linearly inside its bucket as Prometheus'
     * {@code histogram_quantile} does; the highest bound when it lies beyond it; null for none.
     */
    static @Nullable Double quantile(double q, double[] bounds, long[] cumulative, long total) {
        if (total <= 0 || bounds.length == 0) {
            return null;
        }
        double rank = q * total;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                long below = i == 0 ? 0 : cumulative[i - 1];
                long inBucket = cumulative[i] - below;
                if (inBucket <= 0) {
                    return bounds[i];
                }
                return lower + (bounds[i] - lower) * (rank - below) / inBucket;
            }
        }
        return bounds[bounds.length - 1];
    }

    /** Per second in each interval between two kept readings: requests or calls, all or failed. */
    private static List<Double> series(List<MeterReading> kept, String key, boolean route, boolean errors) {
        List<Double> points = new ArrayList<>(Math.max(kept.size() - 1, 0));
        for (int i = 1; i < kept.size(); i++) {
            MeterReading a = kept.get(i - 1);
            MeterReading b = kept.get(i);
            double seconds = (b.nanos - a.nanos) / 1e9;
            long before = count(a, key, route, errors);
            long after = count(b, key, route, errors);
            points.add(seconds <= 0 ? 0 : Math.max(after - before, 0) / seconds);
        }
        return points;
    }

    private static long count(MeterReading r, String key, boolean route, boolean errors) {
        if (route) {
            RouteCounts c = r.routes.get(key);
            return c == null ? 0 : errors ? c.errors() : c.requests();
        }
        CallCounts c = r.downstreams.get(key);
        return c == null ? 0 : errors ? c.errors() : c.calls();
    }

    /** The gauges the page shows, read now. */
    private static final class Gauges {
        final Map<String, Map<String, Double>> breakers = new TreeMap<>();
        final Map<String, Double> budgets = new TreeMap<>();
        final Map<String, Double> discovered = new TreeMap<>();
        final Map<String, Double> discoveryAge = new TreeMap<>();
        final Map<String, Map<String, Double>> health = new TreeMap<>();
        final Map<String, Map<String, Double>> ages = new TreeMap<>();
        final Map<String, Map<String, Double>> hikari = new TreeMap<>();

        @Nullable
        Double logDropped;

        static Gauges read(MeterRegistry registry) {
            Gauges g = new Gauges();
            for (Meter meter : registry.getMeters()) {
                Meter.Id id = meter.getId();
                String name = id.getName();
                if (name.equals("log.events.dropped")) {
                    g.logDropped = first(meter);
                    continue;
                }
                if (!(meter instanceof Gauge gauge)) {
                    continue;
                }
                double value = MeterReading.finite(gauge.value());
                switch (name) {
                    case "resilience.circuit.state" ->
                        g.breakers
                                .computeIfAbsent(tag(id, "downstream"), k -> new TreeMap<>())
                                .put(tag(id, "downstream.instance"), value);
                    case "resilience.retry.budget.available" -> g.budgets.put(tag(id, "downstream"), value);
                    case "discovery.instances" -> g.discovered.put(tag(id, "service"), value);
                    case "discovery.instances.age" -> g.discoveryAge.put(tag(id, "service"), value);
                    case "discovery.instance.health" ->
                        g.health
                                .computeIfAbsent(tag(id, "service"), k -> new TreeMap<>())
                                .put(tag(id, "downstream.instance"), value);
                    case "discovery.instance.age" ->
                        g.ages.computeIfAbsent(tag(id, "service"), k -> new TreeMap<>())
                                .put(tag(id, "downstream.instance"), value);
                    case "hikaricp.connections.active",
                            "hikaricp.connections.idle",
                            "hikaricp.connections.pending",
                            "hikaricp.connections.max" ->
                        g.hikari
                                .computeIfAbsent(tag(id, "pool"), k -> new TreeMap<>())
                                .put(name.substring(name.lastIndexOf('.') + 1), value);
                    default -> {}
                }
            }
            return g;
        }

        List<PoolStatus> pools() {
            List<PoolStatus> pools = new ArrayList<>();
            hikari.forEach((pool, v) -> pools.add(new PoolStatus(
                    pool,
                    v.getOrDefault("active", 0.0),
                    v.getOrDefault("idle", 0.0),
                    v.getOrDefault("pending", 0.0),
                    v.get("max"))));
            return pools;
        }

        private static String tag(Meter.Id id, String key) {
            String value = id.getTag(key);
            return value == null ? "" : value;
        }

        private static Double first(Meter meter) {
            for (var m : meter.measure()) {
                return m.getValue();
            }
            return 0.0;
        }
    }
}
