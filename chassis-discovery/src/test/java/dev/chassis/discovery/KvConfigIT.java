package dev.chassis.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigSource;
import dev.chassis.testkit.consul.FakeConsul;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration from Consul KV: read at start between the files and the environment, changes
 * applied while running when valid and refused when not. Verified through a client timeout: the
 * downstream answers in 400ms, so 150ms times out and 2s does not.
 */
class KvConfigIT {
    private static final String TIMEOUT_KEY = "config/orders/clients/accounts/response-timeout";

    private FakeConsul consul;
    private WireMockServer accounts;
    private DiscoveredService app;

    @BeforeEach
    void start() {
        consul = FakeConsul.start();
        accounts = new WireMockServer(options().dynamicPort());
        accounts.start();
        accounts.stubFor(get("/whoami")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"service\":\"accounts\"}")
                        .withFixedDelay(400)));
        consul.putValue("config/orders/clients/accounts/urls", accounts.baseUrl());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.service().stop();
        }
        accounts.stop();
        consul.close();
    }

    private static String yaml(String kv) {
        return """
                clients: {accounts: {response-timeout: 5s}}
                discovery:
                  consul:
                    registration: {enabled: false}
                    kv: %s
                """.formatted(kv);
    }

    private DiscoveredService start(String kv) {
        return start(DiscoveredService.config(consul, "orders", yaml(kv)));
    }

    private DiscoveredService start(Config config) {
        app = DaggerDiscoveredService.factory().create(config);
        app.service().start();
        return app;
    }

    private Duration responseTimeout() {
        return app.live().get(ClientsConfig.SECTION).of("accounts").responseTimeout();
    }

    /** The KV paths read, decoded (consul-client sends the key's slashes encoded, as Consul accepts). */
    private java.util.List<String> kvReads() {
        return consul.requests("GET", "/v1/kv/").stream()
                .map(r -> java.net.URLDecoder.decode(r.path(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    private int call() {
        return Http.get(app.service().port(), "/call/accounts").statusCode();
    }

    private double changes(String outcome) {
        return Meters.counter(app.meters(), "discovery.kv.changes", "outcome", outcome);
    }

    @Test
    void theLayerIsReadAtStartOverTheFilesAndAChangeIsAppliedWhileRunning() {
        consul.putValue(TIMEOUT_KEY, "150ms");
        start("{enabled: true}");

        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(call()).isEqualTo(502);

        consul.putValue(TIMEOUT_KEY, "2s");

        await().atMost(Duration.ofSeconds(3)).until(() -> responseTimeout().equals(Duration.ofSeconds(2)));
        assertThat(call()).isEqualTo(200);
        assertThat(changes("applied")).isEqualTo(1.0);
        assertThat(changes("rejected")).isZero();
    }

    @Test
    void anInvalidChangeIsRefusedCountedAndTheRunningConfigurationStays() {
        consul.putValue(TIMEOUT_KEY, "150ms");
        start("{enabled: true}");

        consul.putValue(TIMEOUT_KEY, "soon");

        await().atMost(Duration.ofSeconds(3)).until(() -> changes("rejected") == 1.0);
        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(call()).isEqualTo(502);

        consul.putValue("config/orders/clients/accounts/no-such-key", "1");

        await().atMost(Duration.ofSeconds(3)).until(() -> changes("rejected") == 2.0);

        // Refused as a whole: the valid timeout does not slip in beside the unknown key.
        consul.putValue(TIMEOUT_KEY, "2s");

        await().atMost(Duration.ofSeconds(3)).until(() -> changes("rejected") == 3.0);
        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(changes("applied")).isZero();
        assertThat(call()).isEqualTo(502);
    }

    @Test
    void aLogLevelFromKvChangesWhileRunning() throws Exception {
        String key = "config/orders/observability/logging/levels/dev.chassis.discovery.kvtest";
        consul.putValue(key, "INFO");
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        try (AutoCloseable capture = dev.chassis.core.logging.LogCapture.into(logs)) {
            start("{enabled: true}");
            Http.get(app.service().port(), "/log");
            assertThat(logs.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("a debug line");

            consul.putValue(key, "DEBUG");
            await().atMost(Duration.ofSeconds(3)).until(() -> changes("applied") == 1.0);
            Http.get(app.service().port(), "/log");

            await().atMost(Duration.ofSeconds(2))
                    .until(() -> logs.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("a debug line"));
        }
    }

    @Test
    void aChangeThatAListenerCannotApplyIsRolledBackAndCountedAsRejected() {
        consul.putValue(TIMEOUT_KEY, "150ms");
        start("{enabled: true}");
        java.util.List<Duration> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.live().onChange(java.util.List.of("clients.accounts.response-timeout"), (now, before) -> {
            Duration timeout = now.get(ClientsConfig.SECTION).of("accounts").responseTimeout();
            applied.add(timeout);
            if (timeout.equals(Duration.ofSeconds(7))) {
                throw new IllegalStateException("the pool cannot wait 7s");
            }
        });

        consul.putValue(TIMEOUT_KEY, "7s");

        await().atMost(Duration.ofSeconds(3)).until(() -> changes("rejected") == 1.0);
        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(applied).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(150));
        assertThat(changes("applied")).isZero();
        assertThat(call()).isEqualTo(502);
    }

    @Test
    void aKeyThatTakesEffectAtRestartIsReportedAsSuchInTheLogTheMetricAndTheListing() throws Exception {
        start("{enabled: true}");
        assertThat(app.meters().get("config.restart.pending").gauge().value()).isZero();
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        try (AutoCloseable capture = dev.chassis.core.logging.LogCapture.into(logs)) {
            consul.putValue("config/orders/server/idle-timeout", "45s");

            await().atMost(Duration.ofSeconds(3)).until(() -> changes("applied") == 1.0);
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> logs.toString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains(
                                    "configuration change from consul kv config/orders/ applied; this key takes effect"
                                            + " only at the next start: [server.idle-timeout]"));
        }
        assertThat(logs.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"level\":\"WARN\"");
        assertThat(app.meters().get("config.restart.pending").gauge().value()).isEqualTo(1.0);
        assertThat(app.live().pendingRestart()).containsOnlyKeys("server.idle-timeout");
        assertThat(app.live().listing())
                .contains("server.idle-timeout = 45s  (consul kv config/orders/; restart required, running: ");
    }

    @Test
    void theEnvironmentStillWinsOverConsulKv() {
        consul.putValue(TIMEOUT_KEY, "150ms");
        Config base = DiscoveredService.config(consul, "orders", yaml("{enabled: true}"));
        Config config = base.with(ConfigSource.environment(Map.of("CHASSIS_CLIENTS_ACCOUNTS_RESPONSE_TIMEOUT", "3s")));

        start(config);

        assertThat(responseTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(call()).isEqualTo(200);
    }

    @Test
    void anAgentThatCannotBeReachedAtStartFailsTheStartByDefault() {
        consul.down();

        assertThatThrownBy(() -> start("{enabled: true}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("discovery.consul.kv: cannot read 'config/orders/' from Consul at "
                        + consul.url() + ": Consul request to [")
                .hasMessageEndingWith(
                        "(expected: a reachable agent, or discovery.consul.kv.fail-start-on-error: false)");
    }

    @Test
    void withoutFailStartOnErrorTheServiceStartsAndTakesTheLayerOnceTheAgentAnswers() {
        consul.putValue(TIMEOUT_KEY, "150ms");
        consul.down();

        start("{enabled: true, fail-start-on-error: false}");

        assertThat(responseTimeout()).isEqualTo(Duration.ofSeconds(5));
        consul.up();
        await().atMost(Duration.ofSeconds(5)).until(() -> responseTimeout().equals(Duration.ofMillis(150)));
        assertThat(changes("applied")).isEqualTo(1.0);
    }

    @Test
    void anInvalidLayerAtStartFailsTheStartNamingTheKeyAndItsSource() {
        consul.putValue(TIMEOUT_KEY, "soon");

        assertThatThrownBy(() -> start("{enabled: true}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients.accounts.response-timeout = 'soon' (from consul kv config/orders/)");
    }

    @Test
    void withoutWatchChangesWaitForARestart() throws Exception {
        consul.putValue(TIMEOUT_KEY, "150ms");
        start("{enabled: true, watch: false}");

        consul.putValue(TIMEOUT_KEY, "2s");
        Thread.sleep(500);

        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(kvReads()).containsExactly("/v1/kv/config/orders/");
    }

    @Test
    void aPrefixOfItsOwnIsRead() {
        consul.putValue("shared/payments/clients/accounts/response-timeout", "150ms");
        start("{enabled: true, prefix: shared/payments/}");

        assertThat(responseTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(kvReads()).first().isEqualTo("/v1/kv/shared/payments/");
        assertThat(consul.requests("GET", "/v1/kv/").get(0).query()).contains("recurse");
    }
}
