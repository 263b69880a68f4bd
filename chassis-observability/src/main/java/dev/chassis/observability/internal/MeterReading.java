package dev.chassis.observability.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The cumulative counts of the status page's counters and histograms at one moment, read from
 * the registry by meter name: per route (method and template) the requests, the failed ones and
 * the duration histogram's buckets ({@code http.server.request.duration}); per downstream the
 * calls and the failed ones ({@code resilience.calls} by outcome). Two readings make a rate.
 * Immutable.
 */
final class MeterReading {
    static final String SERVER_DURATION = "http.server.request.duration";
    static final String RESILIENCE_CALLS = "resilience.calls";
    static final String ACTIVE_REQUESTS = "http.server.active_requests";

    final long nanos;
    final Map<String, RouteCounts> routes;
    final Map<String, CallCounts> downstreams;
    /** The requests in flight at the moment of the reading ({@code http.server.active_requests}). */
    final double inFlight;

    private MeterReading(
            long nanos, Map<String, RouteCounts> routes, Map<String, CallCounts> downstreams, double inFlight) {
        this.nanos = nanos;
        this.routes = routes;
        this.downstreams = downstreams;
        this.inFlight = inFlight;
    }

    /**
     * One route's cumulative counts.
     *
     * @param bounds the histogram's upper bounds, seconds, ascending
     * @param buckets requests at or below each bound (cumulative, as Prometheus' {@code le})
     */
    record RouteCounts(long requests, long errors, double[] bounds, long[] buckets) {
        RouteCounts plus(long requests, long errors, double[] bounds, long[] buckets) {
            if (!Arrays.equals(this.bounds, bounds)) {
                // Timers of one route share the configured buckets; one that does not is left out of the latencies.
                return new RouteCounts(this.requests + requests, this.errors + errors, this.bounds, this.buckets);
            }
            long[] sum = this.buckets.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += buckets[i];
            }
            return new RouteCounts(this.requests + requests, this.errors + errors, bounds, sum);
        }
    }

    /** One downstream's cumulative calls through the resilience policies and those that failed. */
    record CallCounts(long calls, long errors) {
        CallCounts plus(long calls, long errors) {
            return new CallCounts(this.calls + calls, this.errors + errors);
        }
    }

    static MeterReading read(MeterRegistry registry, long nanos) {
        Map<String, RouteCounts> routes = new TreeMap<>();
        Map<String, CallCounts> downstreams = new TreeMap<>();
        double inFlight = 0;
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (name.equals(SERVER_DURATION) && meter instanceof Timer timer) {
                addRoute(routes, timer);
            } else if (name.equals(RESILIENCE_CALLS)) {
                addCalls(downstreams, meter);
            } else if (name.equals(ACTIVE_REQUESTS) && meter instanceof Gauge gauge) {
                inFlight = finite(gauge.value());
            }
        }
        return new MeterReading(nanos, routes, downstreams, inFlight);
    }

    private static void addRoute(Map<String, RouteCounts> routes, Timer timer) {
        Meter.Id id = timer.getId();
        String key = id.getTag("http.request.method") + " " + id.getTag("http.route");
        CountAtBucket[] counts = timer.takeSnapshot().histogramCounts();
        double[] bounds = new double[counts.length];
        long[] buckets = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            bounds[i] = counts[i].bucket(TimeUnit.SECONDS);
            buckets[i] = (long) counts[i].count();
        }
        long requests = timer.count();
        // What the server counts as failed carries error.type: a 5xx, a handler's exception, an unfinished response.
        long errors = id.getTag("error.type") != null ? requests : 0;
        RouteCounts sum = routes.get(key);
        routes.put(
                key,
                sum == null
                        ? new RouteCounts(requests, errors, bounds, buckets)
                        : sum.plus(requests, errors, bounds, buckets));
    }

    static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static void addCalls(Map<String, CallCounts> downstreams, Meter meter) {
        String downstream = meter.getId().getTag("downstream");
        if (downstream == null) {
            return;
        }
        double value;
        if (meter instanceof Counter counter) {
            value = counter.count();
        } else if (meter instanceof FunctionCounter counter) {
            value = counter.count();
        } else {
            return;
        }
        long calls = (long) value;
        long errors = "success".equals(meter.getId().getTag("outcome")) ? 0 : calls;
        downstreams.merge(downstream, new CallCounts(calls, errors), (a, b) -> a.plus(b.calls(), b.errors()));
    }
}
