package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chassis.testkit.consul.model.CheckState;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.Service;

/** Registration, checks and reaping, driven through the Consul client production code uses. */
class AgentRegistrationIT {
    private FakeConsul consul;
    private Consul client;
    private HealthTarget target;

    @BeforeEach
    void start() {
        consul = FakeConsul.start(TestConsul.fast());
        client = TestConsul.client(consul);
        target = HealthTarget.start();
    }

    @AfterEach
    void stop() {
        client.destroy();
        consul.close();
        target.close();
    }

    private static Registration service(String id, Registration.RegCheck check) {
        return ImmutableRegistration.builder()
                .id(id)
                .name("orders")
                .address("127.0.0.1")
                .port(8080)
                .addTags("v1")
                .check(check)
                .build();
    }

    private Registration httpService(String id) {
        return service(
                id,
                ImmutableRegCheck.builder()
                        .http(target.url())
                        .interval("50ms")
                        .timeout("500ms")
                        .build());
    }

    private static Registration ttlService(String id, String ttl) {
        return service(id, ImmutableRegCheck.builder().ttl(ttl).build());
    }

    private HealthCheck agentCheck(String checkId) {
        return client.agentClient().getChecks().get(checkId);
    }

    private String output(String checkId) {
        return agentCheck(checkId).getOutput().orElseThrow();
    }

    @Test
    void httpCheckRunsAgainstTheRegisteredUrlAndFollowsItsAnswers() {
        client.agentClient().register(httpService("orders-1"));
        assertThat(agentCheck("service:orders-1").getStatus()).isEqualTo("critical");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "passing"::equals);
        assertThat(output("service:orders-1")).contains("HTTP GET " + target.url() + ": 200 OK Output: status 200");
        assertThat(target.userAgents()).contains("Consul Health Check");

        target.answer(503);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "critical"::equals);
        assertThat(output("service:orders-1")).contains(": 503 Service Unavailable Output: status 503");

        target.answer(429);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "warning"::equals);
        assertThat(consul.checkStatus("service:orders-1")).contains(CheckStatus.WARNING);
    }

    @Test
    void checkStateShowsWhatWasRegisteredAfterTheAgentsMinimums() {
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .http(target.url())
                                .interval("5ms")
                                .timeout("500ms")
                                .deregisterCriticalServiceAfter("90s")
                                .build()));
        client.agentClient().register(ttlService("orders-2", "30s"));

        CheckState http = consul.checks().get("service:orders-1");
        assertThat(http.type()).isEqualTo("http");
        assertThat(http.target()).isEqualTo(target.url());
        assertThat(http.interval()).isEqualTo(Duration.ofMillis(20));
        assertThat(http.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(http.ttl()).isZero();
        assertThat(http.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofSeconds(90));
        CheckState ttl = consul.checks().get("service:orders-2");
        assertThat(ttl.target()).isEmpty();
        assertThat(ttl.interval()).isZero();
        assertThat(ttl.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ttl.deregisterCriticalServiceAfter()).isZero();
    }

    @Test
    void httpCheckSlowerThanItsTimeoutIsCritical() {
        target.delay(Duration.ofSeconds(2));
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .http(target.url())
                                .interval("50ms")
                                .timeout("100ms")
                                .status("passing")
                                .build()));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "critical"::equals);
        assertThat(output("service:orders-1"))
                .isEqualTo("Get \"" + target.url()
                        + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    }

    @Test
    void httpCheckOfANodeThatRefusesConnectionsIsCritical() {
        String url = target.url();
        target.close();
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .http(url)
                                .interval("50ms")
                                .status("passing")
                                .build()));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "critical"::equals);
        String hostPort = url.substring("http://".length(), url.indexOf("/health"));
        assertThat(output("service:orders-1"))
                .isEqualTo("Get \"" + url + "\": dial tcp " + hostPort + ": connect: connection refused");
    }

    @Test
    void failuresBelowFailuresBeforeCriticalKeepTheStatus() {
        target.answer(503);
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .http(target.url())
                                .interval("20ms")
                                .status("passing")
                                .failuresBeforeCritical(1000)
                                .build()));

        await().atMost(Duration.ofSeconds(5)).until(() -> target.userAgents().size() >= 5);
        assertThat(consul.checkStatus("service:orders-1")).contains(CheckStatus.PASSING);
    }

    @Test
    void tcpCheckConnectsToTheAddress() {
        String hostPort =
                target.url().substring("http://".length(), target.url().indexOf("/health"));
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .tcp(hostPort)
                                .interval("50ms")
                                .build()));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "passing"::equals);
        assertThat(output("service:orders-1")).isEqualTo("TCP connect " + hostPort + ": Success");

        target.close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> agentCheck("service:orders-1").getStatus(), "critical"::equals);
        assertThat(output("service:orders-1")).isEqualTo("dial tcp " + hostPort + ": connect: connection refused");
    }

    @Test
    void ttlCheckFollowsPassWarnFailAndExpires() throws NotRegisteredException {
        client.agentClient().register(ttlService("orders-1", "400ms"));
        assertThat(consul.checkStatus("service:orders-1")).contains(CheckStatus.CRITICAL);

        client.agentClient().pass("orders-1", "all good");
        assertThat(agentCheck("service:orders-1").getStatus()).isEqualTo("passing");
        assertThat(output("service:orders-1")).contains("all good");
        client.agentClient().warn("orders-1", "slow disk");
        assertThat(agentCheck("service:orders-1").getStatus()).isEqualTo("warning");
        client.agentClient().fail("orders-1", "down");
        assertThat(agentCheck("service:orders-1").getStatus()).isEqualTo("critical");

        client.agentClient().pass("orders-1", "back");
        Instant passed = Instant.now();
        await().atMost(Duration.ofSeconds(3))
                .until(() -> agentCheck("service:orders-1").getStatus(), "critical"::equals);
        assertThat(Duration.between(passed, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(output("service:orders-1")).contains("TTL expired (last output before timeout follows): back");
    }

    @Test
    void ttlUpdatesWithinTheTtlKeepTheCheckPassing() throws NotRegisteredException {
        client.agentClient().register(ttlService("orders-1", "500ms"));
        for (int i = 0; i < 8; i++) {
            client.agentClient().pass("orders-1");
            assertThat(consul.checkStatus("service:orders-1")).contains(CheckStatus.PASSING);
            sleep(Duration.ofMillis(150));
        }
    }

    @Test
    void serviceCriticalLongerThanDeregisterCriticalServiceAfterIsRemoved() {
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .ttl("10s")
                                .deregisterCriticalServiceAfter("300ms")
                                .build()));
        Instant registered = Instant.now();
        assertThat(client.agentClient().isRegistered("orders-1")).isTrue();

        await().atMost(Duration.ofSeconds(3)).until(() -> !client.agentClient().isRegistered("orders-1"));
        assertThat(Duration.between(registered, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(consul.services()).isEmpty();
        assertThat(consul.checks()).isEmpty();
        assertThat(client.healthClient().getAllServiceInstances("orders").getResponse())
                .isEmpty();
        // The reaper removed it: nobody asked to deregister.
        assertThat(consul.requests("PUT", "/v1/agent/service/deregister")).isEmpty();
    }

    @Test
    void passingServiceIsNotReaped() throws NotRegisteredException {
        client.agentClient()
                .register(service(
                        "orders-1",
                        ImmutableRegCheck.builder()
                                .ttl("10s")
                                .deregisterCriticalServiceAfter("100ms")
                                .build()));
        client.agentClient().pass("orders-1");

        await().during(Duration.ofMillis(600))
                .atMost(Duration.ofSeconds(2))
                .until(() -> client.agentClient().isRegistered("orders-1"));
    }

    @Test
    void deregisterCriticalServiceAfterIsRaisedToTheMinimum() {
        try (FakeConsul strict =
                FakeConsul.start(TestConsul.fast().minDeregisterCriticalServiceAfter(Duration.ofMillis(800)))) {
            Consul strictClient = TestConsul.client(strict);
            strictClient
                    .agentClient()
                    .register(service(
                            "orders-1",
                            ImmutableRegCheck.builder()
                                    .ttl("10s")
                                    .deregisterCriticalServiceAfter("50ms")
                                    .build()));

            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> strict.services().containsKey("orders-1"));
            await().atMost(Duration.ofSeconds(3)).until(() -> strict.services().isEmpty());
            strictClient.destroy();
        }
    }

    @Test
    void advancingTheClockReapsWhatHasBeenCriticalLongerThanItsDeregisterAfter() throws NotRegisteredException {
        try (FakeConsul slow = FakeConsul.start()) {
            Consul slowClient = TestConsul.client(slow);
            for (String id : List.of("orders-1", "orders-2")) {
                slowClient
                        .agentClient()
                        .register(service(
                                id,
                                ImmutableRegCheck.builder()
                                        .ttl("10m")
                                        .deregisterCriticalServiceAfter("2m")
                                        .build()));
            }
            slowClient.agentClient().pass("orders-2");

            assertThat(slow.advanceClock(Duration.ofSeconds(119))).isEmpty();
            assertThat(slow.services()).containsOnlyKeys("orders-1", "orders-2");

            assertThat(slow.advanceClock(Duration.ofSeconds(2))).containsExactly("orders-1");
            assertThat(slow.services()).containsOnlyKeys("orders-2");
            assertThat(slow.checks()).containsOnlyKeys("service:orders-2");
            assertThat(slow.requests("PUT", "/v1/agent/service/deregister")).isEmpty();

            // Critical time counts from when the check turned critical, on the advanced clock.
            slowClient.agentClient().fail("orders-2");
            assertThat(slow.advanceClock(Duration.ofSeconds(119))).isEmpty();
            assertThat(slow.advanceClock(Duration.ofSeconds(2))).containsExactly("orders-2");
            assertThat(slow.services()).isEmpty();
            slowClient.destroy();
        }
    }

    @Test
    void advancingTheClockRejectsANegativeDuration() {
        assertThatThrownBy(() -> consul.advanceClock(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration: -1s (expected: >= 0s)");
    }

    @Test
    void reRegisteringAnIdReplacesTheServiceAndKeepsItsCheckStatus() throws NotRegisteredException {
        client.agentClient().register(ttlService("orders-1", "10s"));
        client.agentClient().pass("orders-1", "fine");

        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id("orders-1")
                        .name("orders")
                        .port(9090)
                        .addTags("v2")
                        .check(ImmutableRegCheck.builder().ttl("10s").build())
                        .build());

        Map<String, Service> services = client.agentClient().getServices();
        assertThat(services).containsOnlyKeys("orders-1");
        assertThat(services.get("orders-1").getTags()).containsExactly("v2");
        assertThat(services.get("orders-1").getPort()).isEqualTo(9090);
        assertThat(agentCheck("service:orders-1").getStatus()).isEqualTo("passing");
        assertThat(output("service:orders-1")).contains("fine");
    }

    @Test
    void idDefaultsToTheName() {
        consul.clearRequests();
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .name("billing")
                        .id("")
                        .port(8081)
                        .build());

        assertThat(consul.services()).containsOnlyKeys("billing");
        assertThat(consul.service("billing").orElseThrow().name()).isEqualTo("billing");
    }

    @Test
    void serviceWithSeveralChecksNumbersTheirIds() {
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id("orders-1")
                        .name("orders")
                        .addChecks(ImmutableRegCheck.builder().ttl("10s").build())
                        .addChecks(ImmutableRegCheck.builder()
                                .ttl("10s")
                                .status("passing")
                                .build())
                        .build());

        assertThat(consul.checks()).containsOnlyKeys("service:orders-1:1", "service:orders-1:2");
        assertThat(consul.checks().get("service:orders-1:2").status()).isEqualTo(CheckStatus.PASSING);
        assertThat(consul.checks().get("service:orders-1:1").name()).isEqualTo("Service 'orders' check");
    }

    @Test
    void deregisterRemovesTheServiceAndItsChecksAndIsRecorded() {
        client.agentClient().register(ttlService("orders-1", "10s"));
        Instant before = Instant.now();

        client.agentClient().deregister("orders-1");

        assertThat(consul.services()).isEmpty();
        assertThat(consul.checks()).isEmpty();
        List<RecordedRequest> deregistrations = consul.requests("PUT", "/v1/agent/service/deregister/orders-1");
        assertThat(deregistrations).hasSize(1);
        assertThat(deregistrations.get(0).time()).isBetween(before, Instant.now());
    }

    @Test
    void deregisteringAnUnknownServiceIs404() {
        assertThatThrownBy(() -> client.agentClient().deregister("nope"))
                .isInstanceOfSatisfying(
                        ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(404))
                .hasMessageEndingWith(
                        "Unknown service ID \"nope\". Ensure that the service ID is passed, not the service name.");
    }

    @Test
    void updatingAnUnknownCheckIs404() {
        assertThatThrownBy(() -> client.agentClient().pass("nope"))
                .isInstanceOf(NotRegisteredException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(404))
                .hasMessageEndingWith(
                        "Unknown check ID \"service:nope\". Ensure that the check ID is passed, not the check name.");
    }

    @Test
    void updatingACheckThatIsNotTtlIs500() {
        client.agentClient().register(httpService("orders-1"));

        assertThatThrownBy(() -> client.agentClient().pass("orders-1"))
                .cause()
                .isInstanceOfSatisfying(
                        ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(500))
                .hasMessageEndingWith("CheckID \"service:orders-1\" does not have associated TTL");
    }

    @Test
    void legacyAgentAnswersAnUnknownTtlCheckWith500() {
        try (FakeConsul legacy = FakeConsul.start(TestConsul.fast().legacyCheckErrors(true))) {
            Consul legacyClient = TestConsul.client(legacy);
            assertThatThrownBy(() -> legacyClient.agentClient().pass("gone"))
                    .cause()
                    .isInstanceOfSatisfying(
                            ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(500))
                    .hasMessageEndingWith("CheckID \"service:gone\" does not have associated TTL");
            legacyClient.destroy();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
