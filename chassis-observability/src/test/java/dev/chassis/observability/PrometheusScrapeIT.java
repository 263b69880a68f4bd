package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes the service: it negotiates OpenMetrics, so this is Prometheus'
 * own parser reading what the chassis writes. Needs the Debian package {@code prometheus}, which
 * CI installs; elsewhere the test is skipped when it is missing.
 */
class PrometheusScrapeIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    record Ok(boolean ok) {}

    @Test
    void prometheusScrapesTheServiceWithoutErrors(@TempDir Path dir) throws Exception {
        File prometheus = new File("/usr/bin/prometheus");
        if (System.getenv("CI") == null) {
            assumeTrue(
                    prometheus.canExecute(), "prometheus not installed (apt-get install prometheus); CI installs it");
        }
        TestService app = TestService.create(
                "", InMemorySpanExporter.create(), (e, o) -> r -> r.get("/ok/{id}", q -> new Ok(true)));
        app.service().start();
        Process server = null;
        try {
            for (int i = 0; i < 5; i++) {
                client.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + app.service().port() + "/ok/" + i))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
                            + "scrape_configs:\n"
                            + "  - job_name: chassis\n"
                            + "    static_configs: [{targets: ['127.0.0.1:"
                            + app.service().port() + "']}]\n");
            server = new ProcessBuilder(
                            prometheus.getPath(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        JsonNode target = get(base + "/api/v1/targets")
                                .path("data")
                                .path("activeTargets")
                                .path(0);
                        return target.path("health").asText().equals("up");
                    });
            JsonNode target = get(base + "/api/v1/targets")
                    .path("data")
                    .path("activeTargets")
                    .path(0);
            assertThat(target.path("lastError").asText()).isEmpty();
            // The service's name comes from target_info, joined on the target's own labels.
            JsonNode result = get(base + "/api/v1/query?query="
                            + URLEncoder.encode(
                                    "http_server_request_duration_seconds_count{http_route=\"/ok/{id}\"}"
                                            + " * on (job, instance) group_left (service_name, service_version)"
                                            + " target_info",
                                    StandardCharsets.UTF_8))
                    .path("data")
                    .path("result");
            assertThat(result.size()).isEqualTo(1);
            JsonNode metric = result.path(0).path("metric");
            assertThat(metric.path("service_name").asText()).isEqualTo("obs-test");
            assertThat(metric.path("service_version").asText()).isEqualTo("9.9.9");
            assertThat(metric.path("instance").asText())
                    .isEqualTo("127.0.0.1:" + app.service().port());
            assertThat(metric.has("exported_instance")).isFalse();
            assertThat(result.path(0).path("value").path(1).asText()).isEqualTo("5");
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            app.service().stop();
        }
    }

    private static JsonNode get(String url) throws Exception {
        return json.readTree(
                client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
