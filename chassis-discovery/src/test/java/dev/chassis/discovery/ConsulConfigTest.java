package dev.chassis.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.discovery.config.ConsulConfig;
import dev.chassis.discovery.config.KvConfig;
import dev.chassis.discovery.config.RegistrationConfig;
import dev.chassis.discovery.config.WatchConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsulConfigTest {
    private static BoundConfig bindAll(String yaml) {
        Config config = Config.builder().yaml("test", yaml).build();
        return ConfigBinding.bind(config, List.of(ConsulConfig.SECTION));
    }

    private static ConsulConfig bind(String yaml) {
        return bindAll(yaml).get(ConsulConfig.SECTION);
    }

    private static ConsulConfig bind(String key, String value) {
        Config config = Config.builder().properties("test", Map.of(key, value)).build();
        return ConfigBinding.bind(config, List.of(ConsulConfig.SECTION)).get(ConsulConfig.SECTION);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ConsulConfig d = ConsulConfig.defaults();
        assertThat(d.enabled()).isFalse();
        assertThat(d.url()).isEqualTo(URI.create("http://127.0.0.1:8500"));
        assertThat(d.token()).isEmpty();
        assertThat(d.datacenter()).isEmpty();
        assertThat(d.zone()).isEmpty();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.tls()).isEqualTo(new ConsulConfig.Tls("", ""));

        RegistrationConfig r = d.registration();
        assertThat(r.enabled()).isTrue();
        assertThat(r.serviceId()).isEmpty();
        assertThat(r.advertiseAddress()).isEmpty();
        assertThat(r.advertisePort()).isZero();
        assertThat(r.tags()).isEmpty();
        assertThat(r.meta()).isEmpty();
        assertThat(r.check())
                .isEqualTo(new RegistrationConfig.Check(
                        RegistrationConfig.CheckType.HTTP,
                        "",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15),
                        Duration.ofMinutes(3)));
        assertThat(r.retry()).isEqualTo(new ConsulConfig.Retry(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(r.failStartOnError()).isFalse();
        assertThat(r.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));

        WatchConfig w = d.watch();
        assertThat(w.blockingWait()).isEqualTo(Duration.ofSeconds(55));
        assertThat(w.minInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(w.retry()).isEqualTo(ConsulConfig.Retry.defaults());
        assertThat(w.stale()).isFalse();
        assertThat(w.maxStale()).isEqualTo(Duration.ofSeconds(5));
        assertThat(w.preferZone()).isTrue();
        assertThat(w.startWait()).isEqualTo(Duration.ofSeconds(5));

        assertThat(d.kv()).isEqualTo(new KvConfig(false, "", true, true));
        assertThat(d.kv().prefixFor("orders")).isEqualTo("config/orders/");
    }

    @Test
    void bindsEveryKeyFromYaml() {
        ConsulConfig c = bind("""
                discovery:
                  consul:
                    enabled: true
                    url: https://consul.internal:8501
                    token: s3cret
                    datacenter: eu1
                    zone: eu1-a
                    timeout: 2s
                    tls: {trust-store: /etc/consul/ca.p12, trust-store-password: changeit}
                    registration:
                      service-id: orders-blue
                      advertise-address: 10.0.0.7
                      advertise-port: 443
                      tags: [blue, v2]
                      meta: {team: payments}
                      check: {type: ttl, ttl: 9s, deregister-critical-after: 90s}
                      retry: {initial-backoff: 200ms, max-backoff: 10s}
                      fail-start-on-error: true
                      reconcile-interval: 1m
                    watch: {wait: 30s, min-interval: 1s, stale: true, max-stale: 2s, prefer-zone: false, start-wait: 0s}
                    kv: {enabled: true, prefix: shared/orders/, watch: false, fail-start-on-error: false}
                """);

        assertThat(c.enabled()).isTrue();
        assertThat(c.https()).isTrue();
        assertThat(c.token()).isEqualTo("s3cret");
        assertThat(c.tls().trustStorePassword()).isEqualTo("changeit");
        assertThat(c.registration().tags()).containsExactly("blue", "v2");
        assertThat(c.registration().meta()).isEqualTo(Map.of("team", "payments"));
        assertThat(c.registration().check().type()).isEqualTo(RegistrationConfig.CheckType.TTL);
        assertThat(c.registration().check().ttl()).isEqualTo(Duration.ofSeconds(9));
        assertThat(c.registration().check().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.registration().check().deregisterCriticalAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.watch().blockingWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.watch().stale()).isTrue();
        assertThat(c.kv().prefixFor("orders")).isEqualTo("shared/orders/");
    }

    @Test
    void secretsAreMaskedInTheDescriptionAndInToString() {
        BoundConfig bound = bindAll("""
                discovery:
                  consul: {token: s3cret, tls: {trust-store-password: changeit}}
                """);

        assertThat(bound.describe()).doesNotContain("s3cret").doesNotContain("changeit");
        assertThat(bound.get(ConsulConfig.SECTION).toString())
                .doesNotContain("s3cret")
                .doesNotContain("changeit")
                .contains("token=******");
    }

    @Test
    void deregisterCriticalAfterIsNeverBelowConsulsMinute() {
        assertThatThrownBy(() -> bind("discovery.consul.registration.check.deregister-critical-after", "30s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("discovery.consul.registration.check.deregister-critical-after")
                .hasMessageContaining("deregister-critical-after: 30s (expected: 1m-7d)");
    }

    @Test
    void invalidValuesAreReportedAtTheirKeys() {
        assertThatThrownBy(() -> bind("discovery.consul.watch.wait", "1500ms"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("discovery.consul.watch.wait")
                .hasMessageContaining("wait: 1500ms (expected: whole seconds)");
        assertThatThrownBy(() -> bind("discovery.consul.watch.wait", "10m"))
                .hasMessageContaining("wait: 10m (expected: 1s-5m)");
        assertThatThrownBy(() -> bind("discovery.consul.url", "consul:8500"))
                .hasMessageContaining("discovery.consul.url")
                .hasMessageContaining("(expected: http://host:port or https://host:port, no path)");
        assertThatThrownBy(() -> bind("discovery.consul.registration.meta.consul-owned", "x"))
                .hasMessageContaining("discovery.consul.registration.meta");
        assertThatThrownBy(() -> bind("discovery.consul.kv.prefix", "config/orders"))
                .hasMessageContaining("discovery.consul.kv.prefix")
                .hasMessageContaining("(expected: empty, or a path ending with / and not starting with one)");
        assertThatThrownBy(() -> bind("discovery.consul.registration.retry.initial-backoff", "45s"))
                .hasMessageContaining("max-backoff: 30s (expected: 45s-10m)");
        assertThatThrownBy(() -> bind("discovery.consul.registration.check.type", "grpc"))
                .hasMessageContaining("discovery.consul.registration.check.type");
    }

    @Test
    void validationMessagesSayWhatIsExpected() {
        assertThatThrownBy(
                        () -> RegistrationConfig.Check.defaults().withDeregisterCriticalAfter(Duration.ofSeconds(59)))
                .hasMessage("deregister-critical-after: 59s (expected: 1m-7d)");
        assertThatThrownBy(() -> bind("discovery: {consul: {registration: {advertise-port: 70000}}}"))
                .hasMessageContaining("advertise-port: 70000 (expected: 0-65535)");
        assertThatThrownBy(() -> bind("discovery: {consul: {registration: {service-id: 'a/b'}}}"))
                .hasMessageContaining("service-id: 'a/b' (expected: no slash, no leading or trailing space)");
        assertThatThrownBy(() -> bind("discovery: {consul: {timeout: 50ms}}"))
                .hasMessageContaining("timeout: 50ms (expected: 100ms-1m)");
        assertThatThrownBy(() -> bind("discovery: {consul: {watch: {min-interval: 0s}}}"))
                .hasMessageContaining("min-interval: 0s (expected: 10ms-1m)");
    }
}
