package dev.chassis.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A faked downstream service: a WireMock server that the service under test reaches by name
 * ({@code clients.<name>.urls} points at it). Stubs with {@link #stubJson} or the full WireMock API
 * ({@link #wireMock()}); inject faults with the helpers; assert what it received.
 *
 * <pre>{@code
 * app.downstream("accounts").stubJson("GET", "/accounts/7", 200, "{\"id\":\"7\",\"balance\":10}");
 * app.downstream("accounts").failNext(3, 503);
 * app.downstream("accounts").assertReceivedContext(response.correlationId(), traceId);
 * }</pre>
 */
public final class Downstream implements AutoCloseable {
    private static final int FAULT_PRIORITY = 1;
    private static final int STUB_PRIORITY = 5;

    private final String name;
    private final WireMockServer server;
    private int bursts;

    private final boolean https;

    Downstream(String name) {
        this.name = name;
        this.https = false;
        this.server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    /** Over HTTPS only, presenting the certificate in this PKCS#12 keystore. */
    Downstream(String name, java.nio.file.Path keystore, String password) {
        this.name = name;
        this.https = true;
        this.server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystoreType("PKCS12")
                .keystorePath(keystore.toString())
                .keystorePassword(password)
                .keyManagerPassword(password));
        server.start();
    }

    /** The logical name the service calls it by. */
    public String name() {
        return name;
    }

    /** Its base URI: {@code http://127.0.0.1:<port>}, or {@code https://localhost:<port>} over HTTPS. */
    public URI baseUri() {
        return https
                ? URI.create("https://localhost:" + server.httpsPort())
                : URI.create("http://127.0.0.1:" + server.port());
    }

    /** The WireMock server, for anything the helpers do not cover. */
    public WireMockServer wireMock() {
        return server;
    }

    /** Answers a method and path with a JSON body. */
    public Downstream stubJson(String method, String path, int status, String json) {
        server.stubFor(request(method, urlPathEqualTo(path))
                .atPriority(STUB_PRIORITY)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json")
                        .withBody(json)));
        return this;
    }

    /** Answers a path after a fixed delay (latency). */
    public Downstream delay(String method, String path, Duration delay, int status, String json) {
        server.stubFor(request(method, urlPathEqualTo(path))
                .atPriority(FAULT_PRIORITY)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(json)
                        .withFixedDelay((int) delay.toMillis())));
        return this;
    }

    /** Resets the connection of every request to a path. */
    public Downstream reset(String method, String path) {
        server.stubFor(request(method, urlPathEqualTo(path))
                .atPriority(FAULT_PRIORITY)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return this;
    }

    /** Answers the next {@code times} requests, whatever their path, with this status; then the stubs again. */
    public Downstream failNext(int times, int status) {
        String scenario = "burst-" + ++bursts;
        for (int i = 0; i < times; i++) {
            server.stubFor(any(anyUrl())
                    .atPriority(FAULT_PRIORITY)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : scenario + "-" + i)
                    .willSetStateTo(scenario + "-" + (i + 1))
                    .willReturn(
                            aResponse().withStatus(status).withBody("injected failure " + (i + 1) + " of " + times)));
        }
        return this;
    }

    /** Answers every request to a path with 429 and {@code Retry-After}. */
    public Downstream tooManyRequests(String method, String path, int retryAfterSeconds) {
        server.stubFor(request(method, urlPathEqualTo(path))
                .atPriority(FAULT_PRIORITY)
                .willReturn(
                        aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(retryAfterSeconds))));
        return this;
    }

    /** Removes the fault and burst stubs, keeping plain ones. */
    public Downstream clearFaults() {
        server.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == FAULT_PRIORITY)
                .forEach(server::removeStub);
        server.resetScenarios();
        return this;
    }

    /** Every request received, oldest first. */
    public List<LoggedRequest> requests() {
        List<LoggedRequest> all = new java.util.ArrayList<>(
                server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        return all;
    }

    /** How many requests were received. */
    public int requestCount() {
        return requests().size();
    }

    /**
     * Asserts that a request arrived carrying this correlation ID and a {@code traceparent} of
     * this trace.
     */
    public void assertReceivedContext(String correlationId, String traceId) {
        List<LoggedRequest> all = requests();
        assertThat(all)
                .as(
                        "requests %s received, with X-Correlation-ID %s and a traceparent of trace %s",
                        name, correlationId, traceId)
                .anySatisfy(r -> {
                    assertThat(r.getHeader("X-Correlation-ID")).isEqualTo(correlationId);
                    assertThat(r.getHeader("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-[0-9a-f]{2}");
                });
    }

    /** Forgets stubs and received requests. */
    public void resetAll() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }
}
