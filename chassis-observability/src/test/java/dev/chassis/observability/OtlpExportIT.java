package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans leave the service as OTLP/HTTP protobuf, with the configured headers. */
class OtlpExportIT {
    private static final HttpClient client = HttpClient.newHttpClient();

    record Ok(boolean ok) {}

    /** A receiver of OTLP over HTTP: what reached {@code /v1/traces}, and other paths asked for. */
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    private final List<String> auth = new CopyOnWriteArrayList<>();
    private final List<String> otherPaths = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
                auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(200, -1);
            } else {
                otherPaths.add(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private String collectorUrl() {
        return "http://127.0.0.1:" + collector.getAddress().getPort();
    }

    private static HttpResponse<String> get(TestService app, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.service().port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void spansAreExportedToTheConfiguredEndpointAndFlushedOnStop() throws Exception {
        TestService app = TestService.create(
                "observability: {tracing: {exporter: otlp, endpoint: '" + collectorUrl()
                        + "/v1/traces', headers: {Authorization: Bearer t0ken}}}",
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/traced/{id}", q -> new Ok(true)));
        app.service().start();
        get(app, "/traced/1");
        app.service().stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !bodies.isEmpty());
        String body = String.join("", bodies);
        assertThat(body).contains("GET /traced/{id}").contains("obs-test").contains("http.route");
        assertThat(auth).contains("Bearer t0ken");
    }

    @Test
    void openTelemetrysOwnVariablesAloneExportSpansWithTheirServiceAndResource() throws Exception {
        Map<String, String> environment = Map.of(
                "OTEL_SERVICE_NAME", "env-named",
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", collectorUrl(),
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20env-t0ken",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=staging,service.version=4.5.6",
                "OTEL_TRACES_SAMPLER", "always_on");
        TestService app = TestService.create(
                "",
                environment,
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/traced/{id}", q -> new Ok(true)));
        app.service().start();
        String metrics;
        try {
            get(app, "/traced/1");
            metrics = get(app, "/metrics").body();
        } finally {
            app.service().stop();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !bodies.isEmpty());
        String body = String.join("", bodies);
        assertThat(body)
                .contains("GET /traced/{id}")
                .contains("env-named")
                .contains("deployment.environment")
                .contains("staging")
                .contains("4.5.6")
                .doesNotContain("GET /metrics");
        assertThat(auth).containsOnly("Bearer env-t0ken");
        assertThat(otherPaths).isEmpty();
        assertThat(metrics)
                .containsPattern("(?m)^target_info\\{deployment_environment=\"staging\",service_instance_id=\"[^\"]+\","
                        + "service_name=\"env-named\",service_version=\"4.5.6\"} 1$");
    }

    @Test
    void theChassisKeysWinOverOpenTelemetrysVariables() throws Exception {
        Map<String, String> environment = Map.of(
                "OTEL_SERVICE_NAME", "env-named",
                "OTEL_TRACES_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:1/v1/traces");
        TestService app = TestService.create(
                "service: {name: configured, version: 1.0.0}\n"
                        + "observability: {tracing: {exporter: otlp, endpoint: '" + collectorUrl() + "/v1/traces'}}",
                environment,
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/traced/{id}", q -> new Ok(true)));
        app.service().start();
        try {
            get(app, "/traced/1");
        } finally {
            app.service().stop();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !bodies.isEmpty());
        assertThat(String.join("", bodies))
                .contains("GET /traced/{id}")
                .contains("configured")
                .doesNotContain("env-named");
    }
}
