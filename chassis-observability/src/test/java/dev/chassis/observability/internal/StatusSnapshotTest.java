package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The status page's numbers, read from a Prometheus registry's meters as the server, resilience and HikariCP name them. */
class StatusSnapshotTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong clock = new AtomicLong();
    private final StatusSampler sampler = new StatusSampler(registry, Duration.ofSeconds(5), clock::get);

    private Timer timer(String route, String status, String errorType) {
        Timer.Builder b = Timer.builder("http.server.request.duration")
                .tag("http.request.method", "GET")
                .tag("http.route", route)
                .tag("http.response.status_code", status)
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1));
        if (errorType != null) {
            b.tag("error.type", errorType);
        }
        return b.register(registry);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void ratesErrorsAndQuantilesCoverOnlyTheLastMinute() {
        Timer ok = timer("/accounts/{id}", "200", null);
        Timer failed = timer("/accounts/{id}", "500", "500");
        // Before the window: slow requests that must not count in the last minute.
        for (int i = 0; i < 100; i++) {
            ok.record(900, TimeUnit.MILLISECONDS);
        }
        sampler.sample();
        for (int i = 0; i < 12; i++) {
            advance(Duration.ofSeconds(5));
            sampler.sample();
        }
        assertThat(sampler.readings()).hasSize(sampler.capacity()).hasSize(13);
        // In the window: 90 fast, 10 failed in the 10-100 ms bucket, over the last 60 s.
        for (int i = 0; i < 90; i++) {
            ok.record(5, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < 10; i++) {
            failed.record(50, TimeUnit.MILLISECONDS);
        }
        advance(Duration.ofSeconds(5));
        sampler.sample();

        StatusSnapshot s = StatusSnapshot.of(registry, sampler, "/health/ready");
        assertThat(s.window()).isEqualTo(60.0);
        assertThat(s.routes()).hasSize(1);
        StatusSnapshot.RouteStatus r = s.routes().get(0);
        assertThat(r.route()).isEqualTo("GET /accounts/{id}");
        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.rate()).isCloseTo(100 / 60.0, within(1e-9));
        assertThat(r.errorRate()).isCloseTo(10 / 60.0, within(1e-9));
        // The median in the first bucket (0-10 ms), the 99th in the second (10-100 ms): 10 + 90 * 9/10 ms.
        assertThat(r.p50()).isCloseTo(0.010 * 50 / 90, within(1e-9));
        assertThat(r.p99()).isCloseTo(0.091, within(1e-9));
        // One point per interval: nothing until the last, which holds the 100 requests of 5 s.
        assertThat(r.rateSeries()).hasSize(12).endsWith(20.0).startsWith(0.0);
        assertThat(r.errorSeries()).endsWith(2.0);
        assertThat(s.readyPath()).isEqualTo("/health/ready");
    }

    @Test
    void theRingStaysBoundedHoweverLongItRuns() {
        for (int i = 0; i < 1000; i++) {
            advance(Duration.ofSeconds(5));
            sampler.sample();
        }
        assertThat(sampler.readings()).hasSize(13);
        assertThat(StatusSnapshot.of(registry, sampler, "/r").inFlightSeries()).hasSize(13);
    }

    @Test
    void downstreamsShowEachInstancesBreakerTheirCallsBudgetAndDiscovery() {
        AtomicLong state = new AtomicLong(0);
        Gauge.builder("resilience.circuit.state", state, AtomicLong::get)
                .tag("downstream", "accounts")
                .tag("downstream.instance", "10.0.0.1:8081")
                .register(registry);
        Gauge.builder("resilience.circuit.state", () -> 1)
                .tag("downstream", "accounts")
                .tag("downstream.instance", "10.0.0.2:8081")
                .register(registry);
        Gauge.builder("resilience.retry.budget.available", () -> 7)
                .tag("downstream", "accounts")
                .register(registry);
        Gauge.builder("discovery.instances", () -> 2).tag("service", "accounts").register(registry);
        Gauge.builder("discovery.instances.age", () -> 3)
                .tag("service", "accounts")
                .register(registry);
        Counter success = Counter.builder("resilience.calls")
                .tag("downstream", "accounts")
                .tag("outcome", "success")
                .register(registry);
        Counter open = Counter.builder("resilience.calls")
                .tag("downstream", "accounts")
                .tag("outcome", "rejected_circuit_open")
                .register(registry);
        sampler.sample();
        success.increment(8);
        open.increment(2);
        state.set(2);
        advance(Duration.ofSeconds(10));

        StatusSnapshot.DownstreamStatus d =
                StatusSnapshot.of(registry, sampler, "/r").downstreams().get(0);
        assertThat(d.name()).isEqualTo("accounts");
        assertThat(d.calls()).isEqualTo(10);
        assertThat(d.errors()).isEqualTo(2);
        assertThat(d.rate()).isEqualTo(1.0);
        assertThat(d.retryBudget()).isEqualTo(7.0);
        assertThat(d.discovered()).isEqualTo(2.0);
        assertThat(d.discoveryAge()).isEqualTo(3.0);
        assertThat(d.instances())
                .containsExactly(
                        new StatusSnapshot.InstanceStatus("10.0.0.1:8081", "open"),
                        new StatusSnapshot.InstanceStatus("10.0.0.2:8081", "half-open"));
    }

    @Test
    void anInstanceShowsItsHealthAndAgeInDiscoveryBesideItsBreakerOrWithoutOne() {
        Gauge.builder("resilience.circuit.state", () -> 0)
                .tag("downstream", "accounts")
                .tag("downstream.instance", "a-1@node")
                .register(registry);
        for (String[] g : List.of(new String[] {"a-1@node", "0", "40"}, new String[] {"a-2@node", "2", "3700"})) {
            double health = Double.parseDouble(g[1]);
            double age = Double.parseDouble(g[2]);
            Gauge.builder("discovery.instance.health", () -> health)
                    .tag("service", "accounts")
                    .tag("downstream.instance", g[0])
                    .register(registry);
            Gauge.builder("discovery.instance.age", () -> age)
                    .tag("service", "accounts")
                    .tag("downstream.instance", g[0])
                    .register(registry);
        }
        sampler.sample();
        advance(Duration.ofSeconds(10));

        assertThat(StatusSnapshot.of(registry, sampler, "/r")
                        .downstreams()
                        .get(0)
                        .instances())
                .containsExactly(
                        new StatusSnapshot.InstanceStatus("a-1@node", "closed", "passing", 40.0),
                        new StatusSnapshot.InstanceStatus("a-2@node", null, "critical", 3700.0));
    }

    @Test
    void poolsComeFromHikarisMeters() {
        for (String[] g : List.of(
                new String[] {"active", "3"}, new String[] {"idle", "7"}, new String[] {"pending", "1"}, new String[] {
                    "max", "10"
                })) {
            double v = Double.parseDouble(g[1]);
            Gauge.builder("hikaricp.connections." + g[0], () -> v)
                    .tag("pool", "main")
                    .register(registry);
        }
        assertThat(StatusSnapshot.of(registry, sampler, "/r").pools())
                .containsExactly(new StatusSnapshot.PoolStatus("main", 3, 7, 1, 10.0));
    }

    @Test
    void aQuantileBeyondTheHighestBucketIsThatBucketsBound() {
        double[] bounds = {0.01, 0.1};
        assertThat(StatusSnapshot.quantile(0.99, bounds, new long[] {0, 0}, 5)).isEqualTo(0.1);
        assertThat(StatusSnapshot.quantile(0.5, bounds, new long[] {0, 0}, 0)).isNull();
        assertThat(StatusSnapshot.quantile(0.5, bounds, new long[] {4, 4}, 4)).isEqualTo(0.005);
    }
}
