package dev.chassis.testkit.consul.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.consul.internal.ServiceDefinition.ServiceAddress;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationReaderTest {
    private final RegistrationReader reader = new RegistrationReader(FakeConsulOptions.defaults());

    private ServiceDefinition read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fillsInConsulsDefaults() {
        ServiceDefinition service = read("{\"Name\": \"orders\"}");

        assertThat(service.id()).isEqualTo("orders");
        assertThat(service.tags()).isEmpty();
        assertThat(service.meta()).isNull();
        assertThat(service.weightPassing()).isEqualTo(1);
        assertThat(service.weightWarning()).isEqualTo(1);
        assertThat(service.taggedAddresses()).isEmpty();
        assertThat(service.checks()).isEmpty();
    }

    @Test
    void anIpAddressGetsLanAndWanTaggedAddresses() {
        ServiceDefinition service = read("{\"Name\": \"orders\", \"Address\": \"10.1.2.3\", \"Port\": 80}");

        assertThat(service.taggedAddresses())
                .isEqualTo(Map.of(
                        "lan_ipv4",
                        new ServiceAddress("10.1.2.3", 80),
                        "wan_ipv4",
                        new ServiceAddress("10.1.2.3", 80)));
        assertThat(read("{\"Name\": \"orders\", \"Address\": \"orders.local\"}").taggedAddresses())
                .isEmpty();
    }

    @Test
    void checkAndChecksAreNumberedTogetherWhenThereAreSeveral() {
        ServiceDefinition service = read("""
                {"ID": "orders-1", "Name": "orders",
                 "Check": {"TTL": "10s"},
                 "Checks": [{"HTTP": "http://x/health", "Interval": "5s"}, {"CheckID": "mine", "Name": "Mine", "TTL": "1m"}]}""");

        assertThat(service.checks())
                .extracting(CheckDefinition::id)
                .containsExactly("service:orders-1:1", "service:orders-1:2", "mine");
        assertThat(service.checks())
                .extracting(CheckDefinition::name)
                .containsExactly("Service 'orders' check", "Service 'orders' check", "Mine");
        assertThat(service.checks()).extracting(CheckDefinition::type).containsExactly("ttl", "http", "ttl");
    }

    @Test
    void aSingleCheckIsNamedAfterTheServiceId() {
        assertThat(read("{\"ID\": \"orders-1\", \"Name\": \"orders\", \"Check\": {\"TTL\": \"10s\"}}")
                        .checks()
                        .get(0)
                        .id())
                .isEqualTo("service:orders-1");
    }

    @Test
    void anEmptyCheckIsNoCheck() {
        assertThat(read("{\"Name\": \"orders\", \"Check\": {\"CheckID\": \"\", \"TTL\": null}}")
                        .checks())
                .isEmpty();
    }

    @Test
    void keysMatchIgnoringCaseAndUnderscores() {
        ServiceDefinition service = read("""
                {"id": "o-1", "NAME": "orders", "tags": ["a"], "enable_tag_override": true,
                 "check": {"check_id": "c", "ttl": "10s", "deregister_critical_service_after": "2m", "status": "passing"}}""");

        assertThat(service.id()).isEqualTo("o-1");
        assertThat(service.name()).isEqualTo("orders");
        assertThat(service.tags()).isEqualTo(List.of("a"));
        assertThat(service.enableTagOverride()).isTrue();
        CheckDefinition check = service.checks().get(0);
        assertThat(check.id()).isEqualTo("c");
        assertThat(check.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(check.status()).isEqualTo(CheckStatus.PASSING);
    }

    @Test
    void shortIntervalsAndDeregisterTimesAreRaisedToTheMinimums() {
        CheckDefinition check = read("""
                {"Name": "orders", "Check": {"HTTP": "http://x/", "Interval": "100ms",
                 "DeregisterCriticalServiceAfter": "10s"}}""").checks().get(0);

        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void durationsMayBeNanoseconds() {
        assertThat(read("{\"Name\": \"o\", \"Check\": {\"TTL\": 5000000000}}")
                        .checks()
                        .get(0)
                        .ttl())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void httpCheckKeepsItsRequest() {
        CheckDefinition check = read("""
                {"Name": "o", "Check": {"HTTP": "http://x/h", "Interval": "5s", "Timeout": "2s", "Method": "POST",
                 "Header": {"X-Token": ["a", "b"]}, "Body": "{}", "SuccessBeforePassing": 2, "FailuresBeforeCritical": 3}}""").checks().get(0);

        assertThat(check.target()).isEqualTo("http://x/h");
        assertThat(check.method()).isEqualTo("POST");
        assertThat(check.header()).isEqualTo(Map.of("X-Token", List.of("a", "b")));
        assertThat(check.body()).isEqualTo("{}");
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(check.successBeforePassing()).isEqualTo(2);
        assertThat(check.failuresBeforeCritical()).isEqualTo(3);
    }
}
