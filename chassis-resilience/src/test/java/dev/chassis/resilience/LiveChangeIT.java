package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.config.ConfigSource;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policies and breaker thresholds changed while the service runs (as a Consul KV change is applied)
 * are taken by the next calls.
 */
class LiveChangeIT {
    private final WireMockServer failing = new WireMockServer(options().dynamicPort());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestService app;

    @BeforeEach
    void start() {
        failing.start();
        failing.stubFor(get("/x").willReturn(aResponse().withStatus(500)));
        String url = "http://127.0.0.1:" + failing.port();
        app = TestService.create("""
                clients:
                  breaker: {urls: [%1$s]}
                  retrying: {urls: [%1$s]}
                  moving: {urls: [%1$s]}
                resilience:
                  breaker:
                    retry: {max-attempts: 1}
                    circuit-breaker: {window-size: 4, failure-ratio: 0.5, delay: 1m}
                  retrying:
                    retry: {max-attempts: 1, initial-backoff: 1ms, max-backoff: 1ms}
                    retry-budget: {enabled: false}
                    circuit-breaker: {window-size: 100, failure-ratio: 1.0}
                """.formatted(url), registry);
        app.service().start();
    }

    @AfterEach
    void stop() {
        app.service().stop();
        failing.stop();
    }

    private void failingCall(String downstream) {
        assertThatThrownBy(() -> app.clients().get(downstream).get("/x").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
    }

    private CircuitBreaker.State breakerState() {
        return app.breakers().state("breaker", ServiceInstance.of(URI.create("http://127.0.0.1:" + failing.port())));
    }

    private void change(Map<String, String> keys) {
        assertThat(app.live()
                        .replace(ConfigSource.properties("consul kv", keys))
                        .applied())
                .isTrue();
    }

    @Test
    void aBreakerThresholdChangedWhileRunningIsTakenByTheNextCalls() {
        failingCall("breaker");
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);

        // Before: two failures of four open it. After: it takes all four.
        change(Map.of("resilience.breaker.circuit-breaker.failure-ratio", "1.0"));
        failingCall("breaker");
        failingCall("breaker");
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        failingCall("breaker");
        failingCall("breaker");
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private double stateGauge() {
        return registry.get("resilience.circuit.state")
                .tag("downstream", "breaker")
                .gauge()
                .value();
    }

    @Test
    void theStateGaugeFollowsTheBreakerMadeByALiveChange() {
        failingCall("breaker");
        failingCall("breaker");
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(stateGauge()).isEqualTo(2.0);

        change(Map.of("resilience.breaker.circuit-breaker.failure-ratio", "1.0"));
        System.gc();

        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(registry.find("resilience.circuit.state").gauges()).hasSize(1);
        assertThat(stateGauge()).isEqualTo(0.0);
        for (int i = 0; i < 4; i++) {
            failingCall("breaker");
        }
        assertThat(stateGauge()).isEqualTo(2.0);
    }

    @Test
    void disablingTheBreakerRemovesItsGauge() {
        failingCall("breaker");
        assertThat(registry.find("resilience.circuit.state").gauges()).hasSize(1);

        change(Map.of("resilience.breaker.circuit-breaker.enabled", "false"));

        assertThat(registry.find("resilience.circuit.state").gauges()).isEmpty();
    }

    @Test
    void anInstanceDroppedFromTheStaticUrlsLosesItsBreakerAndGauge() {
        WireMockServer other = new WireMockServer(options().dynamicPort());
        other.start();
        try {
            other.stubFor(get("/x").willReturn(aResponse().withStatus(200).withBody("{}")));
            failingCall("moving");
            String before = "127.0.0.1:" + failing.port();
            assertThat(registry.find("resilience.circuit.state")
                            .tag("downstream", "moving")
                            .gauges())
                    .singleElement()
                    .satisfies(g ->
                            assertThat(g.getId().getTag("downstream.instance")).contains(before));

            change(Map.of("clients.moving.urls", "http://127.0.0.1:" + other.port()));

            // Dropped with the change, before any call names the new instance.
            assertThat(registry.find("resilience.circuit.state")
                            .tag("downstream", "moving")
                            .gauges())
                    .isEmpty();
            app.clients().get("moving").get("/x").send(Map.class);
            assertThat(registry.find("resilience.circuit.state")
                            .tag("downstream", "moving")
                            .gauges())
                    .singleElement()
                    .satisfies(g ->
                            assertThat(g.getId().getTag("downstream.instance")).contains("127.0.0.1:" + other.port()));
        } finally {
            other.stop();
        }
    }

    @Test
    void aRetryPolicyChangedWhileRunningIsTakenByTheNextCall() {
        failingCall("retrying");
        assertThat(failing.findAll(getRequestedFor(urlPathEqualTo("/x")))).hasSize(1);

        change(Map.of("resilience.retrying.retry.max-attempts", "3"));
        failingCall("retrying");

        assertThat(failing.findAll(getRequestedFor(urlPathEqualTo("/x")))).hasSize(4);
    }
}
