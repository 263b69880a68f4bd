package dev.chassis.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.testkit.consul.FakeConsul;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;

/**
 * Instances come and go with every deploy: what the client keeps per instance (breakers, their
 * {@code resilience.circuit.state} series) and discovery's own per-instance health and age series
 * are dropped when an instance leaves discovery, so the series do not grow with the instance IDs
 * ever seen.
 */
class InstanceTurnoverIT {
    private static final int DEPLOYS = 10;
    private static final int PER_DEPLOY = 100;

    private FakeConsul consul;
    private Consul agent;
    private final WireMockServer accounts = new WireMockServer(options().dynamicPort());
    private ResilientService app;

    @BeforeEach
    void start() {
        consul = FakeConsul.start();
        agent = Consul.builder().withUrl(consul.url()).build();
        accounts.start();
        accounts.stubFor(get("/whoami")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"service\":\"accounts\"}")));
        app = DaggerResilientService.factory().create(DiscoveredService.config(consul, "orders", """
                        clients: {accounts: {load-balancer: round-robin}}
                        discovery: {consul: {registration: {enabled: false}}}
                        """));
        app.service().start();
    }

    @AfterEach
    void stop() {
        app.service().stop();
        agent.destroy();
        consul.close();
        accounts.stop();
    }

    private void register(String id) {
        agent.agentClient()
                .register(ImmutableRegistration.builder()
                        .id(id)
                        .name("accounts")
                        .address("127.0.0.1")
                        .port(accounts.port())
                        .check(ImmutableRegCheck.builder()
                                .ttl("1h")
                                .status("passing")
                                .build())
                        .build());
    }

    private java.util.Collection<Meter> stateSeries() {
        return app.meters()
                .find("resilience.circuit.state")
                .tag("downstream", "accounts")
                .meters();
    }

    /** Discovery's own per-instance series of accounts. */
    private java.util.Collection<Meter> discoverySeries(String name) {
        return app.meters().find(name).tag("service", "accounts").meters();
    }

    @Test
    void aThousandInstancesComeAndGoAndTheSeriesStayThoseOfTheLiveOnes() {
        Set<String> seen = new HashSet<>();
        List<String> live = new ArrayList<>();
        for (int deploy = 0; deploy < DEPLOYS; deploy++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < PER_DEPLOY; i++) {
                String id = "accounts-" + deploy + "-" + i;
                register(id);
                next.add(id);
            }
            for (String id : live) {
                agent.agentClient().deregister(id);
            }
            live = next;
            List<String> expected = live;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> consul.services().keySet().containsAll(expected)
                            && consul.services().size() == expected.size());
            // Round robin over the live instances: every one gets a call and so a breaker.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int i = 0; i < PER_DEPLOY; i++) {
                    assertThat(app.clients().get("accounts").get("/whoami").send(Map.class))
                            .containsEntry("service", "accounts");
                }
                Set<String> series = new HashSet<>();
                stateSeries().forEach(m -> series.add(m.getId().getTag("downstream.instance")));
                assertThat(series).hasSize(PER_DEPLOY).allMatch(s -> expected.contains(s.substring(0, s.indexOf('@'))));
                assertThat(discoverySeries("discovery.instance.health")).hasSize(PER_DEPLOY);
                assertThat(discoverySeries("discovery.instance.age")).hasSize(PER_DEPLOY);
            });
            stateSeries().forEach(m -> seen.add(m.getId().getTag("downstream.instance")));
        }

        assertThat(seen).hasSize(DEPLOYS * PER_DEPLOY);
        assertThat(stateSeries()).hasSize(PER_DEPLOY);
        assertThat(app.breakers().tracked("accounts")).isEqualTo(PER_DEPLOY);

        for (String id : live) {
            agent.agentClient().deregister(id);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stateSeries()).isEmpty();
            assertThat(app.breakers().tracked("accounts")).isZero();
            assertThat(discoverySeries("discovery.instance.health")).isEmpty();
            assertThat(discoverySeries("discovery.instance.age")).isEmpty();
        });
    }
}
