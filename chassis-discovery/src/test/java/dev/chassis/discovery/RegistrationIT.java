package dev.chassis.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.common.ChassisException;
import dev.chassis.core.lifecycle.ServiceState;
import dev.chassis.discovery.internal.RegistrationStatus;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckState;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.RecordedRequest;
import dev.chassis.testkit.consul.model.RegisteredService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration with a fake agent: when, with what, after the agent comes and goes, and on stop. */
class RegistrationIT {
    private FakeConsul consul;
    private DiscoveredService app;

    private DiscoveredService start(FakeConsul agent, String yaml) {
        consul = agent;
        app = DiscoveredService.create(agent, "orders", yaml);
        app.service().start();
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.service().stop();
        }
        if (consul != null) {
            consul.close();
        }
    }

    private String serviceId() {
        return "orders-127.0.0.1-" + app.service().port();
    }

    private Optional<CheckStatus> checkStatus() {
        return consul.checkStatus("service:" + serviceId());
    }

    private double attempts(String outcome) {
        return Meters.counter(app.meters(), "discovery.registration.attempts", "outcome", outcome);
    }

    private double registeredGauge() {
        return Meters.gauge(app.meters(), "discovery.registration.state", "service", "orders");
    }

    @Test
    void registersOnceReadyWithAnHttpCheckOnReadinessAndDeregisterCriticalServiceAfter() {
        start(FakeConsul.start(), """
                discovery:
                  consul:
                    zone: eu-1a
                    registration: {tags: [blue], meta: {team: payments}}
                """);
        int port = app.service().port();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.service(serviceId()).isPresent());

        assertThat(consul.service(serviceId()))
                .contains(new RegisteredService(
                        serviceId(),
                        "orders",
                        List.of("blue"),
                        "127.0.0.1",
                        port,
                        Map.of("version", "1.2.3", "zone", "eu-1a", "team", "payments")));
        CheckState check = consul.checks().get("service:" + serviceId());
        assertThat(check.serviceId()).isEqualTo(serviceId());
        assertThat(check.type()).isEqualTo("http");
        assertThat(check.target()).isEqualTo("http://127.0.0.1:" + port + "/health/ready");
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        assertThat(consul.checks().get("service:" + serviceId()).output()).startsWith("HTTP GET http://127.0.0.1:");

        assertThat(consul.requests("PUT", "/v1/agent/service/register")).hasSize(1);
        assertThat(app.registration().state()).isEqualTo(RegistrationStatus.State.REGISTERED);
        assertThat(attempts("success")).isEqualTo(1.0);
        assertThat(attempts("failure")).isZero();
        assertThat(registeredGauge()).isEqualTo(1.0);
        HttpResponse<String> health = Http.get(port, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"consul-registration\":{\"status\":\"UP\",\"details\":{\"state\":\"registered\"")
                .contains("\"service-id\":\"" + serviceId() + "\"");
    }

    @Test
    void aTtlCheckFollowsTheServicesReadiness() {
        start(FakeConsul.start(), """
                discovery: {consul: {registration: {check: {type: ttl, ttl: 900ms}}}}
                """);
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        CheckState check = consul.checks().get("service:" + serviceId());
        assertThat(check.type()).isEqualTo("ttl");
        assertThat(check.ttl()).isEqualTo(Duration.ofMillis(900));
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(check.output()).isEqualTo("ready");

        app.readiness().set(false);
        await().atMost(Duration.ofSeconds(3)).until(() -> checkStatus().equals(Optional.of(CheckStatus.CRITICAL)));
        assertThat(consul.checks().get("service:" + serviceId()).output())
                .isEqualTo("not ready: test-readiness {reason=turned down by the test}");

        app.readiness().set(true);
        await().atMost(Duration.ofSeconds(3)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        // The heartbeat keeps it passing past its TTL.
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
    }

    @Test
    void anAgentDownAtStartDoesNotStopTheStartAndTheServiceRegistersOnceItIsUp() {
        FakeConsul agent = FakeConsul.start();
        agent.down();
        start(agent, "");

        assertThat(app.service().isReady()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> app.registration().failures() >= 2);
        HttpResponse<String> health = Http.get(app.service().port(), "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"consul-registration\":{\"status\":\"UP\",\"details\":{\"state\":\"registering\"")
                .contains("\"failed-attempts\":")
                .contains("\"last-error\":\"Consul request to [" + agent.url() + "/v1/agent/service/register]");
        assertThat(Http.get(app.service().port(), "/health/ready").statusCode()).isEqualTo(200);
        assertThat(attempts("failure")).isGreaterThanOrEqualTo(2.0);
        assertThat(registeredGauge()).isZero();

        Instant up = Instant.now();
        agent.up();

        await().atMost(Duration.ofSeconds(3))
                .until(() -> agent.service(serviceId()).isPresent());
        assertThat(Duration.between(up, Instant.now())).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(1)).until(() -> registeredGauge() == 1.0);
        assertThat(attempts("success")).isEqualTo(1.0);
        assertThat(Http.get(app.service().port(), "/health").body())
                .contains("\"details\":{\"state\":\"registered\"")
                .doesNotContain("last-error");
    }

    @Test
    void failStartOnErrorFailsTheStartWhenTheAgentCannotBeReached() {
        FakeConsul agent = FakeConsul.start();
        consul = agent;
        agent.down();
        DiscoveredService failing = DiscoveredService.create(
                agent, "orders", "discovery: {consul: {registration: {fail-start-on-error: true}}}");

        assertThatThrownBy(() -> failing.service().start())
                .isInstanceOf(ChassisException.class)
                .hasMessageStartingWith("registration with Consul at " + agent.url() + " failed: Consul request to [")
                .hasMessageEndingWith("(discovery.consul.registration.fail-start-on-error is on)");
        assertThat(failing.service().state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void anAgentUnreachableForAWhileIsRetriedWithBackoffNotInATightLoop() throws Exception {
        FakeConsul agent = FakeConsul.start();
        agent.down();
        start(agent, "");

        Thread.sleep(4_000);

        // 100ms doubling to 1s, each drawn between half and all: at most 11 attempts in 4s.
        assertThat(attempts("failure")).isBetween(3.0, 12.0);
    }

    @Test
    void failedRegistrationsAreSpacedByAGrowingJitteredBackoff() {
        FakeConsul agent = FakeConsul.start();
        agent.failNext("/v1/agent/service/register", 6, 500, "rpc error making call: No cluster leader");
        start(agent, "");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> agent.service(serviceId()).isPresent());

        List<RecordedRequest> attempts = agent.requests("PUT", "/v1/agent/service/register");
        assertThat(attempts).hasSize(7);
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap =
                    Duration.between(attempts.get(i - 1).time(), attempts.get(i).time());
            long ceilingMillis = Math.min(100L << (i - 1), 1_000L);
            assertThat(gap)
                    .as("gap before attempt %d", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(ceilingMillis / 2));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> attempts("success") == 1.0);
        assertThat(attempts("failure")).isEqualTo(6.0);
    }

    @Test
    void anAgentRestartThatLosesTheRegistrationIsFoundByReconciliation() {
        start(FakeConsul.start(), "");
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));

        consul.restart();
        assertThat(consul.services()).isEmpty();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.service(serviceId()).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        assertThat(consul.checks().get("service:" + serviceId()).deregisterCriticalServiceAfter())
                .isEqualTo(Duration.ofMinutes(3));
        // The agent holds the registration a moment before the registrar, having its answer,
        // counts the attempt.
        await().atMost(Duration.ofSeconds(3)).until(() -> attempts("success") == 2.0);
    }

    @Test
    void aTtlUpdateAnsweredUnknownCheckRegistersAgain() {
        start(FakeConsul.start(), """
                discovery:
                  consul:
                    registration:
                      check: {type: ttl, ttl: 900ms}
                      reconcile-interval: 1h
                """);
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));

        consul.restart();

        await().atMost(Duration.ofSeconds(3)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        assertThat(consul.requests("GET", "/v1/agent/services")).isEmpty();
        // The agent holds the registration a moment before the registrar, having its answer,
        // counts the attempt.
        await().atMost(Duration.ofSeconds(3)).until(() -> attempts("success") == 2.0);
    }

    @Test
    void anOlderAgentsUnknownTtlErrorRegistersAgainToo() {
        start(FakeConsul.start(FakeConsul.options().legacyCheckErrors(true)), """
                discovery:
                  consul:
                    registration:
                      check: {type: ttl, ttl: 900ms}
                      reconcile-interval: 1h
                """);
        await().atMost(Duration.ofSeconds(5)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));

        consul.restart();

        await().atMost(Duration.ofSeconds(3)).until(() -> checkStatus().equals(Optional.of(CheckStatus.PASSING)));
        // The agent holds the registration a moment before the registrar, having its answer,
        // counts the attempt.
        await().atMost(Duration.ofSeconds(3)).until(() -> attempts("success") == 2.0);
    }

    @Test
    void aRegistrationRemovedBehindTheServicesBackIsRestored() throws Exception {
        start(FakeConsul.start(), "");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.service(serviceId()).isPresent());

        HttpResponse<String> removed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(consul.url() + "/v1/agent/service/deregister/" + serviceId()))
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(4))
                .until(() -> consul.service(serviceId()).isPresent());
    }

    @Test
    void aStopDuringTheRegistrationCallDeregistersOnce() {
        FakeConsul agent = FakeConsul.start();
        agent.slowResponses(Duration.ofMillis(400));
        start(agent, "discovery: {consul: {timeout: 5s}}");
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        !agent.requests("PUT", "/v1/agent/service/register").isEmpty());
        String id = serviceId();

        app.service().stop();

        assertThat(agent.requests("PUT", "/v1/agent/service/register")).hasSize(1);
        assertThat(agent.requests("PUT", "/v1/agent/service/deregister/"))
                .extracting(RecordedRequest::path)
                .containsExactly("/v1/agent/service/deregister/" + id);
        assertThat(agent.services()).isEmpty();
        assertThat(app.registration().state()).isEqualTo(RegistrationStatus.State.DEREGISTERED);
    }

    @Test
    void deregistersInTheStopHookBeforeTheListenerCloses() {
        start(FakeConsul.start(), "lifecycle: {propagation-delay: 300ms}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.service(serviceId()).isPresent());
        String id = serviceId();

        try (Probe probe = Probe.of(app.service().port())) {
            app.service().stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.firstRefused() != null);

            List<RecordedRequest> deregistrations = consul.requests("PUT", "/v1/agent/service/deregister/");
            assertThat(deregistrations)
                    .extracting(RecordedRequest::path)
                    .containsExactly("/v1/agent/service/deregister/" + id);
            assertThat(deregistrations.get(0).time()).isBefore(probe.firstRefused());
        }
        assertThat(consul.services()).isEmpty();
        assertThat(app.registration().state()).isEqualTo(RegistrationStatus.State.DEREGISTERED);
        assertThat(registeredGauge()).isZero();
    }

    @Test
    void anAgentThatDoesNotAnswerCannotHoldTheStop() {
        start(FakeConsul.start(), "discovery: {consul: {timeout: 500ms}}");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.service(serviceId()).isPresent());
        consul.slowResponses(Duration.ofSeconds(30));

        long begin = System.nanoTime();
        app.service().stop();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(app.service().state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void aServiceInMemoryDoesNotRegister() {
        consul = FakeConsul.start();
        app = DiscoveredService.create(consul, "orders", "");
        app.service().startInMemory();

        app.service().stop();

        assertThat(consul.requests("PUT", "/v1/agent/service/")).isEmpty();
        assertThat(app.registration().state()).isEqualTo(RegistrationStatus.State.DISABLED);
    }
}
