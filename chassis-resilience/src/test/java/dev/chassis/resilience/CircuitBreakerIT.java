package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceInstance;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Per-instance circuit breakers of a running service against WireMock downstreams. */
class CircuitBreakerIT {
    private static final WireMockServer healthy = new WireMockServer(options().dynamicPort());
    private static final WireMockServer failing = new WireMockServer(options().dynamicPort());
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static TestService app;

    @BeforeAll
    static void start() {
        healthy.start();
        failing.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.chassis.resilience");
        logger.setLevel(Level.INFO);
        logs.start();
        logger.addAppender(logs);
        String one = "http://127.0.0.1:" + failing.port();
        String two = "http://127.0.0.1:" + healthy.port();
        String breaker =
                "circuit-breaker: {window-size: 4, failure-ratio: 0.5, delay: 1s, half-open-calls: 2, successes-to-close: 2}";
        String yaml = """
                clients:
                  breaker: {urls: [%1$s]}
                  reopen: {urls: [%1$s]}
                  pair: {urls: [%1$s, %2$s], load-balancer: round-robin}
                  pair-retrying: {urls: [%1$s, %2$s], load-balancer: round-robin}
                  client-errors: {urls: [%1$s]}
                  timed: {urls: [%1$s]}
                  unknown-outcome: {urls: [%1$s]}
                resilience:
                  breaker: {retry: {max-attempts: 1}, %3$s}
                  reopen: {retry: {max-attempts: 1}, %3$s}
                  pair: {retry: {max-attempts: 1}, %3$s}
                  pair-retrying: {retry: {max-attempts: 2, initial-backoff: 1ms, max-backoff: 1ms}, retry-budget: {enabled: false}, %3$s}
                  client-errors: {retry: {max-attempts: 1}, %3$s}
                  unknown-outcome:
                    retry: {max-attempts: 2, initial-backoff: 1ms, max-backoff: 1ms}
                    retry-budget: {enabled: false}
                    circuit-breaker: {window-size: 2, failure-ratio: 0.5, delay: 1s}
                  timed:
                    retry: {max-attempts: 1}
                    circuit-breaker: {window-type: time, window: 10s, minimum-calls: 4, failure-ratio: 0.5, delay: 1s}
                """.formatted(one, two, breaker);
        app = TestService.create(yaml, registry);
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
        healthy.stop();
        failing.stop();
        ((Logger) LoggerFactory.getLogger("dev.chassis.resilience")).detachAppender(logs);
    }

    @BeforeEach
    void reset() {
        healthy.resetAll();
        failing.resetAll();
    }

    private static int received(WireMockServer server, String path) {
        return server.findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    private static ServiceInstance failingInstance() {
        return ServiceInstance.of(URI.create("http://127.0.0.1:" + failing.port()));
    }

    private static double gauge(String downstream, WireMockServer server) {
        return registry.get("resilience.circuit.state")
                .tags("downstream", downstream, "downstream.instance", "http://127.0.0.1:" + server.port())
                .gauge()
                .value();
    }

    private static double transitions(String downstream, String from, String to) {
        var counter = registry.find("resilience.circuit.transitions")
                .tags("downstream", downstream, "from", from, "to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertRejectedAsOpen(String downstream, String path) {
        assertThatThrownBy(() -> app.clients().get(downstream).get(path).send(Map.class))
                .isInstanceOfSatisfying(
                        ClientRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.CIRCUIT_OPEN));
    }

    @Test
    void aRetryRefusedByTheBreakerAfterAnAttemptReachedTheServerSaysTheOutcomeIsUnknown() {
        failing.stubFor(put("/moves/1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ServiceClient client = app.clients().get("unknown-outcome");

        // The PUT (the first call of this downstream, on a new connection) reached the server and
        // was reset; that one failure of two opened the breaker, which refuses the retry.
        assertThatThrownBy(() -> client.put("/moves/1").body(Map.of()).send(Map.class))
                .isInstanceOfSatisfying(ClientRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.CIRCUIT_OPEN);
                    assertThat(e.reachedServer()).isTrue();
                    assertThat(e.getCause()).isInstanceOf(ClientConnectException.class);
                    assertThat(e.detail())
                            .startsWith("every instance's circuit breaker is open; an earlier attempt may have"
                                    + " reached it: ");
                });
        assertThat(failing.findAll(putRequestedFor(urlPathEqualTo("/moves/1")))).hasSize(1);

        // Refused before any attempt: known never to have reached it.
        assertThatThrownBy(() -> client.put("/moves/2").body(Map.of()).send(Map.class))
                .isInstanceOfSatisfying(
                        ClientRejectedException.class,
                        e -> assertThat(e.reachedServer()).isFalse());
    }

    @Test
    void opensAfterTheThresholdStopsCallingHalfOpensAfterTheDelayAndClosesOnSuccesses() {
        failing.stubFor(get("/b").willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> app.clients().get("breaker").get("/b").send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
        }
        // Two failures of the last four calls: open. The downstream hears nothing more.
        assertThat(app.breakers().state("breaker", failingInstance())).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(gauge("breaker", failing)).isEqualTo(2.0);
        for (int i = 0; i < 10; i++) {
            assertRejectedAsOpen("breaker", "/b");
        }
        assertThat(received(failing, "/b")).isEqualTo(2);
        assertThat(transitions("breaker", "closed", "open")).isEqualTo(1.0);
        assertThat(registry.get("resilience.calls")
                        .tags("downstream", "breaker", "outcome", "rejected_circuit_open")
                        .counter()
                        .count())
                .isEqualTo(10.0);

        // Unavailable until the delay is over; then the next call is a trial that goes through.
        failing.stubFor(get("/b").willReturn(aResponse().withStatus(200).withBody("{}")));
        assertThat(app.breakers().isAvailable("breaker", failingInstance())).isFalse();
        long opened = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).until(() -> app.breakers().isAvailable("breaker", failingInstance()));
        assertThat((System.nanoTime() - opened) / 1_000_000).isGreaterThan(500L);
        assertThat(app.breakers().state("breaker", failingInstance())).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(app.clients().get("breaker").get("/b").send(Map.class)).isEqualTo(Map.of());
        assertThat(app.breakers().state("breaker", failingInstance())).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(gauge("breaker", failing)).isEqualTo(1.0);
        assertThat(received(failing, "/b")).isEqualTo(3);

        assertThat(app.clients().get("breaker").get("/b").send(Map.class)).isEqualTo(Map.of());
        assertThat(app.breakers().state("breaker", failingInstance())).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(gauge("breaker", failing)).isEqualTo(0.0);
        assertThat(transitions("breaker", "open", "half-open")).isEqualTo(1.0);
        assertThat(transitions("breaker", "half-open", "closed")).isEqualTo(1.0);
        assertThat(logs.list)
                .filteredOn(e -> e.getFormattedMessage().startsWith("circuit breaker of breaker "))
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                .containsExactly(
                        "WARN circuit breaker of breaker instance http://127.0.0.1:" + failing.port()
                                + ": closed -> open",
                        "INFO circuit breaker of breaker instance http://127.0.0.1:" + failing.port()
                                + ": open -> half-open",
                        "INFO circuit breaker of breaker instance http://127.0.0.1:" + failing.port()
                                + ": half-open -> closed");
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        failing.stubFor(get("/r").willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> app.clients().get("reopen").get("/r").send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
        }
        assertRejectedAsOpen("reopen", "/r");
        await().atMost(Duration.ofSeconds(3)).until(() -> app.breakers().isAvailable("reopen", failingInstance()));
        assertThatThrownBy(() -> app.clients().get("reopen").get("/r").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(app.breakers().state("reopen", failingInstance())).isEqualTo(CircuitBreaker.State.OPEN);
        assertRejectedAsOpen("reopen", "/r");
        assertThat(received(failing, "/r")).isEqualTo(3);
        assertThat(transitions("reopen", "half-open", "open")).isEqualTo(1.0);
    }

    @Test
    void aFailingInstanceIsSkippedWhileTheOtherServes() {
        failing.stubFor(get("/p").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        healthy.stubFor(get("/p").willReturn(aResponse().withStatus(200).withBody("{\"from\":\"healthy\"}")));
        int failures = 0;
        for (int i = 0; i < 30; i++) {
            try {
                app.clients().get("pair").get("/p").send(Map.class);
            } catch (RuntimeException e) {
                failures++;
            }
        }
        assertThat(received(failing, "/p")).isEqualTo(2);
        assertThat(failures).isEqualTo(2);
        assertThat(received(healthy, "/p")).isEqualTo(28);
        assertThat(gauge("pair", failing)).isEqualTo(2.0);
        assertThat(gauge("pair", healthy)).isEqualTo(0.0);
    }

    @Test
    void aRetryGoesToAnotherInstance() {
        failing.stubFor(get("/q").willReturn(aResponse().withStatus(502)));
        healthy.stubFor(get("/q").willReturn(aResponse().withStatus(200).withBody("{\"from\":\"healthy\"}")));
        for (int i = 0; i < 20; i++) {
            assertThat(app.clients().get("pair-retrying").get("/q").send(Map.class))
                    .isEqualTo(Map.of("from", "healthy"));
        }
        assertThat(received(failing, "/q")).isEqualTo(2);
    }

    @Test
    void clientErrorsNeverOpenTheBreaker() {
        failing.stubFor(get("/c").willReturn(aResponse().withStatus(404)));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(
                            () -> app.clients().get("client-errors").get("/c").send(Map.class))
                    .isInstanceOfSatisfying(
                            ClientStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThat(received(failing, "/c")).isEqualTo(10);
        assertThat(app.breakers().state("client-errors", failingInstance())).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aTimeBasedBreakerWaitsForTheMinimumNumberOfCalls() {
        failing.stubFor(get("/t").willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> app.clients().get("timed").get("/t").send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
            assertThat(app.breakers().state("timed", failingInstance())).isEqualTo(CircuitBreaker.State.CLOSED);
        }
        assertThatThrownBy(() -> app.clients().get("timed").get("/t").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(app.breakers().state("timed", failingInstance())).isEqualTo(CircuitBreaker.State.OPEN);
        assertRejectedAsOpen("timed", "/t");
        assertThat(received(failing, "/t")).isEqualTo(4);
    }
}
