package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.client.ServiceInstance;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.model.health.ImmutableHealthCheck;
import org.kiwiproject.consul.model.health.ImmutableNode;
import org.kiwiproject.consul.model.health.ImmutableService;
import org.kiwiproject.consul.model.health.ImmutableServiceHealth;
import org.kiwiproject.consul.model.health.ServiceHealth;

class HealthEntriesTest {
    private static List<ServiceInstance> instances(@org.jspecify.annotations.Nullable List<ServiceHealth> entries) {
        return HealthEntries.passing(HealthEntries.known(entries));
    }

    private static ServiceHealth entry(String id, String address, int port, Map<String, String> meta, String nodeZone) {
        ImmutableNode.Builder node = ImmutableNode.builder().node("node-" + id).address("10.0.0.99");
        if (!nodeZone.isEmpty()) {
            node.nodeMeta(Map.of("zone", nodeZone));
        }
        return ImmutableServiceHealth.builder()
                .node(node.build())
                .service(ImmutableService.builder()
                        .id(id)
                        .service("accounts")
                        .address(address)
                        .port(port)
                        .meta(meta)
                        .build())
                .build();
    }

    @Test
    void anInstanceIsItsServiceAddressAndPortWithItsIdAndNode() {
        List<ServiceInstance> instances =
                instances(List.of(entry("a-1", "10.0.0.7", 8080, Map.of("version", "2"), "")));

        assertThat(instances)
                .containsExactly(new ServiceInstance(
                        "a-1@node-a-1",
                        URI.create("http://10.0.0.7:8080"),
                        Map.of("version", "2", "node", "node-a-1", "service-id", "a-1")));
    }

    @Test
    void aServiceWithoutAddressIsReachedAtItsNode() {
        assertThat(instances(List.of(entry("a-1", "", 8080, Map.of(), ""))))
                .extracting(ServiceInstance::baseUri)
                .containsExactly(URI.create("http://10.0.0.99:8080"));
    }

    @Test
    void anInstanceWhoseMetaSaysHttpsIsCalledOverTls() {
        assertThat(instances(List.of(entry("a-1", "10.0.0.7", 8443, Map.of("scheme", "https"), ""))))
                .extracting(ServiceInstance::baseUri)
                .containsExactly(URI.create("https://10.0.0.7:8443"));
    }

    @Test
    void anIpv6AddressIsBracketed() {
        assertThat(instances(List.of(entry("a-1", "fd00::7", 8080, Map.of(), ""))))
                .extracting(ServiceInstance::baseUri)
                .containsExactly(URI.create("http://[fd00::7]:8080"));
    }

    @Test
    void entriesWithoutAPortAreLeftOut() {
        assertThat(instances(List.of(entry("a-1", "10.0.0.7", 0, Map.of(), ""))))
                .isEmpty();
    }

    @Test
    void aMissingListIsGarbage() {
        assertThatThrownBy(() -> instances(null)).isInstanceOf(HealthEntries.GarbageAnswer.class);
    }

    @Test
    void theZoneComesFromServiceMetaOrElseNodeMeta() {
        List<ServiceInstance> instances = instances(List.of(
                entry("a-1", "10.0.0.1", 80, Map.of("zone", "eu-1a"), "eu-1b"),
                entry("a-2", "10.0.0.2", 80, Map.of(), "eu-1b")));

        assertThat(instances).extracting(i -> i.meta().get("zone")).containsExactly("eu-1a", "eu-1b");
    }

    @Test
    void instancesOfTheOwnZoneArePreferredWhenThereAreAny() {
        List<ServiceInstance> instances = instances(List.of(
                entry("a-1", "10.0.0.1", 80, Map.of("zone", "eu-1a"), ""),
                entry("a-2", "10.0.0.2", 80, Map.of("zone", "eu-1b"), ""),
                entry("a-3", "10.0.0.3", 80, Map.of(), "eu-1a")));

        assertThat(HealthEntries.preferZone(instances, "eu-1a"))
                .extracting(ServiceInstance::id)
                .containsExactly("a-1@node-a-1", "a-3@node-a-3");
        assertThat(HealthEntries.preferZone(instances, "us-2")).hasSize(3);
        assertThat(HealthEntries.preferZone(instances, "")).hasSize(3);
    }

    private static ServiceHealth withChecks(String id, String... statuses) {
        ImmutableServiceHealth.Builder entry =
                ImmutableServiceHealth.builder().from(entry(id, "10.0.0.1", 80, Map.of(), ""));
        for (int i = 0; i < statuses.length; i++) {
            entry.addChecks(ImmutableHealthCheck.builder()
                    .node("node-" + id)
                    .checkId("check-" + i)
                    .name("check " + i)
                    .status(statuses[i])
                    .build());
        }
        return entry.build();
    }

    @Test
    void anInstanceHasTheWorstStatusOfItsChecksAndOnlyPassingOnesAreCalled() {
        List<ServiceHealth> answer = List.of(
                withChecks("a-1", "passing", "passing"),
                withChecks("a-2", "passing", "warning"),
                withChecks("a-3", "warning", "critical", "passing"),
                withChecks("a-4", "passing", "maintenance-or-newer"),
                withChecks("a-5"));

        assertThat(HealthEntries.known(answer))
                .extracting(HealthEntries.Known::health)
                .containsExactly("passing", "warning", "critical", "critical", "passing");
        assertThat(instances(answer)).extracting(ServiceInstance::id).containsExactly("a-1@node-a-1", "a-5@node-a-5");
    }
}
