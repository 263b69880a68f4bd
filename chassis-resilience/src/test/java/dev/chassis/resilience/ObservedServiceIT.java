package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chassis.core.context.Deadline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a service with observability and resilience answers a request by calling a WireMock
 * downstream; the downstream sees the caller's correlation ID, trace and remaining time budget,
 * and the policies' meters are scraped from {@code /metrics}.
 */
class ObservedServiceIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final WireMockServer accounts = new WireMockServer(options().dynamicPort());
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ObservedService app;

    @BeforeAll
    static void start() {
        accounts.start();
        app = ObservedService.create("""
                clients:
                  accounts: {urls: ["http://127.0.0.1:%1$d"]}
                  billing: {urls: ["http://127.0.0.1:%1$d"]}
                  ledger: {urls: ["http://127.0.0.1:%1$d"]}
                resilience:
                  default:
                    retry: {max-attempts: 3, initial-backoff: 5ms, max-backoff: 10ms}
                    circuit-breaker: {window-size: 10, failure-ratio: 0.5, delay: 1m}
                """.formatted(accounts.port()));
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
        accounts.stop();
    }

    @BeforeEach
    void reset() {
        accounts.resetAll();
    }

    private static HttpResponse<String> call(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.service().port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDownstreamReceivesTheCorrelationIdTraceAndRemainingBudget() throws Exception {
        accounts.stubFor(
                get("/accounts/7").willReturn(aResponse().withStatus(200).withBody("{\"id\":\"7\"}")));

        HttpResponse<String> r = call(
                "/orders/7/via/accounts",
                "X-Correlation-ID",
                "order-flow-42",
                "traceparent",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                Deadline.HEADER,
                "2000");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"account\":{\"id\":\"7\"}");
        List<LoggedRequest> received = accounts.findAll(getRequestedFor(urlPathEqualTo("/accounts/7")));
        assertThat(received).hasSize(1);
        LoggedRequest downstream = received.get(0);
        assertThat(downstream.getHeader("X-Correlation-ID")).isEqualTo("order-flow-42");
        assertThat(downstream.getHeader("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        assertThat(downstream.getHeader("traceparent")).doesNotContain("00f067aa0ba902b7");
        assertThat(Long.parseLong(downstream.getHeader(Deadline.HEADER))).isBetween(1000L, 2000L);
    }

    @Test
    void everyRetryCarriesTheSameCorrelationIdAndTraceAndTheMetricsShowThem() throws Exception {
        accounts.stubFor(get("/accounts/8").willReturn(aResponse().withStatus(503)));

        HttpResponse<String> r = call(
                "/orders/8/via/billing",
                "X-Correlation-ID",
                "retry-flow-1",
                "traceparent",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).startsWith("ClientStatusException billing: answered 503");
        List<LoggedRequest> received = accounts.findAll(getRequestedFor(urlPathEqualTo("/accounts/8")));
        assertThat(received).hasSize(3);
        assertThat(received).allSatisfy(req -> {
            assertThat(req.getHeader("X-Correlation-ID")).isEqualTo("retry-flow-1");
            assertThat(req.getHeader("traceparent")).startsWith("00-" + TRACE_ID + "-");
        });
        // One client span per attempt.
        assertThat(received.stream().map(req -> req.getHeader("traceparent")).distinct())
                .hasSize(3);

        String metrics = call("/metrics").body();
        assertThat(metrics).containsPattern("resilience_retries_total\\{[^}]*downstream=\"billing\"[^}]*} 2.0");
        assertThat(metrics)
                .containsPattern(
                        "resilience_calls_total\\{[^}]*downstream=\"billing\"[^}]*outcome=\"failure\"[^}]*} 1.0");
        assertThat(metrics)
                .containsPattern(
                        "resilience_circuit_state\\{[^}]*downstream=\"billing\",downstream_instance=\"http://127.0.0.1:"
                                + accounts.port() + "\"[^}]*} 0.0");
        assertThat(metrics).contains("resilience_retry_budget_available{");
        // Client RED metrics: each attempt, by downstream, method, status, error type, server and outcome.
        assertThat(metrics)
                .containsPattern("http_client_request_duration_seconds_count\\{downstream=\"billing\","
                        + "error_type=\"503\",http_request_method=\"GET\",http_response_status_code=\"503\","
                        + "http_route=\"[^\"]+\",outcome=\"server_error\",server_address=\"127.0.0.1\","
                        + "server_port=\"" + accounts.port() + "\"} 3(\\.0)?\\s");
    }

    @Test
    void anOpenBreakerDownstreamDoesNotTakeThisServiceOutOfRotation() throws Exception {
        accounts.stubFor(get("/accounts/9").willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 3; i++) {
            call("/orders/9/via/ledger");
        }
        HttpResponse<String> refused = call("/orders/9/via/ledger");
        assertThat(refused.body())
                .startsWith("ClientRejectedException ledger: every instance's circuit breaker is open");
        assertThat(call("/metrics").body())
                .containsPattern("resilience_circuit_state\\{[^}]*downstream=\"ledger\"[^}]*} 2.0")
                .containsPattern(
                        "resilience_circuit_transitions_total\\{[^}]*downstream=\"ledger\",from=\"closed\"[^}]*to=\"open\"[^}]*} 1.0");
        HttpResponse<String> ready = call("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain("ledger").doesNotContain("circuit");
    }
}
