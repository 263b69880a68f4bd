package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;

/** {@code /v1/health/service/<name>} and {@code /v1/catalog/services}, through the client. */
class HealthQueryIT {
    private FakeConsul consul;
    private Consul client;

    @BeforeEach
    void start() {
        consul = FakeConsul.start(TestConsul.fast());
        client = TestConsul.client(consul);
    }

    @AfterEach
    void stop() {
        client.destroy();
        consul.close();
    }

    private void register(String id, String status, String... tags) {
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id(id)
                        .name("orders")
                        .address("10.0.0." + id.charAt(id.length() - 1))
                        .port(8080)
                        .addTags(tags)
                        .check(ImmutableRegCheck.builder()
                                .ttl("30s")
                                .status(status)
                                .build())
                        .build());
    }

    private static List<String> ids(List<ServiceHealth> entries) {
        return entries.stream().map(e -> e.getService().getId()).toList();
    }

    @Test
    void passingKeepsOnlyInstancesWhoseEveryCheckPasses() {
        register("orders-1", "passing");
        register("orders-2", "warning");
        register("orders-3", "critical");

        assertThat(ids(client.healthClient().getAllServiceInstances("orders").getResponse()))
                .containsExactly("orders-1", "orders-2", "orders-3");
        assertThat(ids(client.healthClient()
                        .getHealthyServiceInstances("orders")
                        .getResponse()))
                .containsExactly("orders-1");
    }

    @Test
    void tagsFilterKeepsInstancesWithEveryTagIgnoringCase() {
        register("orders-1", "passing", "v1", "primary");
        register("orders-2", "passing", "v1");
        register("orders-3", "passing", "v2", "primary");

        ImmutableQueryOptions oneTag =
                ImmutableQueryOptions.builder().addTag("v1").build();
        ImmutableQueryOptions twoTags =
                ImmutableQueryOptions.builder().addTag("V1").addTag("Primary").build();
        assertThat(ids(client.healthClient()
                        .getAllServiceInstances("orders", oneTag)
                        .getResponse()))
                .containsExactly("orders-1", "orders-2");
        assertThat(ids(client.healthClient()
                        .getAllServiceInstances("orders", twoTags)
                        .getResponse()))
                .containsExactly("orders-1");
    }

    @Test
    void entryCarriesNodeServiceAndChecksWithTheNodeCheckFirst() {
        register("orders-1", "passing", "v1");

        ServiceHealth entry = client.healthClient()
                .getAllServiceInstances("orders")
                .getResponse()
                .get(0);

        assertThat(entry.getNode().getNode()).isEqualTo("fake-consul");
        assertThat(entry.getNode().getDatacenter()).contains("dc1");
        assertThat(entry.getService().getService()).isEqualTo("orders");
        assertThat(entry.getService().getAddress()).isEqualTo("10.0.0.1");
        assertThat(entry.getService().getPort()).isEqualTo(8080);
        assertThat(entry.getChecks())
                .extracting(HealthCheck::getCheckId)
                .containsExactly("serfHealth", "service:orders-1");
        assertThat(entry.getChecks().get(0).getStatus()).isEqualTo("passing");
        assertThat(entry.getChecks().get(1).getServiceTags()).containsExactly("v1");
    }

    @Test
    void unknownServiceHasNoInstances() {
        assertThat(client.healthClient().getAllServiceInstances("nothing").getResponse())
                .isEmpty();
    }

    @Test
    void anotherDatacenterHasNoPath() {
        ImmutableQueryOptions dc2 =
                ImmutableQueryOptions.builder().datacenter("dc2").build();

        assertThatThrownBy(() -> client.healthClient().getAllServiceInstances("orders", dc2))
                .isInstanceOfSatisfying(
                        ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(500))
                .hasMessageEndingWith("No path to datacenter");
    }

    @Test
    void catalogListsEveryServiceNameWithItsTagsAndConsulItself() {
        register("orders-1", "passing", "v1");
        register("orders-2", "critical", "v2");
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id("billing-1")
                        .name("billing")
                        .build());

        assertThat(client.catalogClient().getServices().getResponse())
                .containsOnlyKeys("consul", "orders", "billing")
                .containsEntry("orders", List.of("v1", "v2"))
                .containsEntry("billing", List.of())
                .containsEntry("consul", List.of());
        assertThat(ids(client.healthClient().getAllServiceInstances("consul").getResponse()))
                .containsExactly("consul");
    }
}
