package dev.chassis.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.chassis.core.logging.LogCapture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WireMock as the agent, where an answer must be exactly so: a blocking query answered at the end
 * of its wait plus Consul's jitter, a garbage index header, the ACL token's header, TLS.
 */
class AgentWireIT {
    private static final String HEALTH = "/v1/health/service/accounts";
    private static final String ENTRY = """
            [{"Node":{"ID":"n-1","Node":"node-1","Address":"127.0.0.1","Datacenter":"dc1","Meta":{}},
              "Service":{"ID":"accounts-1","Service":"accounts","Tags":[],"Address":"127.0.0.1","Meta":{},"Port":9001,
                         "Weights":{"Passing":1,"Warning":1},"EnableTagOverride":false},
              "Checks":[]}]""";

    private WireMockServer agent;
    private DiscoveredService app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.service().stop();
        }
        if (agent != null) {
            agent.stop();
        }
    }

    private WireMockServer agent(WireMockServer server) {
        agent = server;
        agent.start();
        return agent;
    }

    private static MappingBuilder health() {
        return get(urlPathEqualTo(HEALTH));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(String index) {
        return aResponse()
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Consul-Index", index)
                .withHeader("X-Consul-KnownLeader", "true")
                .withHeader("X-Consul-LastContact", "0")
                .withBody(ENTRY);
    }

    private DiscoveredService start(String url, String yaml, Map<String, String> environment) {
        app = DaggerDiscoveredService.factory()
                .create(DiscoveredService.config(url, "orders", """
                        clients: {accounts: {response-timeout: 1s}}
                        discovery:
                          consul:
                        %s
                        """.formatted(yaml.indent(4)), environment));
        app.service().start();
        return app;
    }

    private double errors(String reason) {
        return Meters.counter(app.meters(), "discovery.watch.errors", "service", "accounts", "reason", reason);
    }

    private void stubBlockingAnswersAfter(int delayMillis) {
        agent.stubFor(health().withQueryParam("index", absent()).willReturn(answer("7")));
        agent.stubFor(health().withQueryParam("index", equalTo("7"))
                .willReturn(answer("7").withFixedDelay(delayMillis)));
    }

    @Test
    void anAnswerAtTheEndOfTheWaitPlusConsulsJitterDoesNotTimeOut() {
        agent(new WireMockServer(options().dynamicPort()));
        // wait 2s: Consul may answer up to 2s × 17/16 = 2125ms; the read timeout is that plus 500ms.
        stubBlockingAnswersAfter(2_125);
        start(agent.baseUrl(), """
                timeout: 500ms
                registration: {enabled: false}
                watch: {wait: 2s}
                """, Map.of());

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        agent.findAll(getRequestedFor(urlPathEqualTo(HEALTH)).withQueryParam("index", equalTo("7")))
                                        .size()
                                >= 3);

        assertThat(agent.findAll(getRequestedFor(urlPathEqualTo(HEALTH)).withQueryParam("wait", equalTo("2s"))))
                .isNotEmpty();
        assertThat(Meters.counter(app.meters(), "discovery.watch.errors")).isZero();
        assertThat(app.resolver().resolve("accounts").orElseThrow()).hasSize(1);
    }

    @Test
    void anAnswerLaterThanTheReadTimeoutIsAnErrorAndTheInstancesStay() {
        agent(new WireMockServer(options().dynamicPort()));
        stubBlockingAnswersAfter(4_000);
        start(agent.baseUrl(), """
                timeout: 500ms
                registration: {enabled: false}
                watch: {wait: 2s}
                """, Map.of());

        await().atMost(Duration.ofSeconds(6)).until(() -> errors("unreachable") >= 1);
        assertThat(app.resolver().resolve("accounts").orElseThrow()).hasSize(1);
    }

    @Test
    void aGarbageIndexHeaderKeepsTheLastGoodInstances() {
        agent(new WireMockServer(options().dynamicPort()));
        agent.stubFor(health().withQueryParam("index", absent()).willReturn(answer("7")));
        agent.stubFor(health().withQueryParam("index", equalTo("7")).willReturn(answer("seven")));
        start(agent.baseUrl(), """
                registration: {enabled: false}
                watch: {wait: 2s}
                """, Map.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> errors("garbage") >= 2);
        assertThat(app.resolver().resolve("accounts").orElseThrow()).hasSize(1);
    }

    @Test
    void theTokenFromTheEnvironmentIsSentAndNeverLogged() throws Exception {
        agent(new WireMockServer(options().dynamicPort()));
        stubBlockingAnswersAfter(1_000);
        agent.stubFor(
                put(urlPathMatching("/v1/agent/.*")).willReturn(aResponse().withStatus(200)));
        agent.stubFor(get("/v1/agent/services")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        String token = "0f5e7a1c-secret-token";
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (AutoCloseable capture = LogCapture.into(logs)) {
            start(agent.baseUrl(), "watch: {wait: 2s}", Map.of("CONSUL_HTTP_TOKEN", token));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !agent.findAll(putRequestedFor(urlPathEqualTo("/v1/agent/service/register")))
                            .isEmpty());
            app.service().stop();
        }

        assertThat(agent.findAll(putRequestedFor(urlPathEqualTo("/v1/agent/service/register"))
                        .withHeader("X-Consul-Token", equalTo(token))))
                .hasSize(1);
        assertThat(agent.findAll(getRequestedFor(urlPathEqualTo(HEALTH)).withHeader("X-Consul-Token", equalTo(token))))
                .isNotEmpty();
        assertThat(agent.findAll(getRequestedFor(urlPathEqualTo(HEALTH))))
                .allMatch(r -> r.getHeader("X-Consul-Token").equals(token)
                        && !r.getUrl().contains(token));
        assertThat(agent.findAll(putRequestedFor(urlPathMatching("/v1/agent/service/deregister/.*"))))
                .hasSize(1);
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("registered orders-127.0.0.1-").doesNotContain(token);
    }

    @Test
    void theAgentIsReachedOverTlsWithTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("agent.p12");
        Path cert = dir.resolve("agent.cer");
        Path trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "agent",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "agentpass",
                "-keypass",
                "agentpass");
        keytool(
                "-exportcert",
                "-alias",
                "agent",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "agentpass",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "agent",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                "trustpass");
        agent(new WireMockServer(options()
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("agentpass")
                .keyManagerPassword("agentpass")));
        stubBlockingAnswersAfter(1_000);

        start("https://127.0.0.1:" + agent.httpsPort(), """
                registration: {enabled: false}
                watch: {wait: 2s}
                tls: {trust-store: %s, trust-store-password: trustpass}
                """.formatted(trustStore), Map.of());

        assertThat(app.resolver().resolve("accounts").orElseThrow()).hasSize(1);
        assertThat(Meters.counter(app.meters(), "discovery.watch.errors")).isZero();
    }

    @Test
    void anAgentWhoseCertificateIsNotTrustedIsNotUsed(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("agent.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "agent",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "agentpass",
                "-keypass",
                "agentpass");
        agent(new WireMockServer(options()
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("agentpass")
                .keyManagerPassword("agentpass")));
        stubBlockingAnswersAfter(1_000);

        start("https://127.0.0.1:" + agent.httpsPort(), """
                registration: {enabled: false}
                watch: {wait: 2s, start-wait: 0s}
                """, Map.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> errors("unreachable") >= 1);
        assertThat(app.resolver().resolve("accounts").orElseThrow()).isEmpty();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
