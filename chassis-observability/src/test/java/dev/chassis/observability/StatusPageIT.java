package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.http.HttpStatusException;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live status page on a separate admin port: the page, its policy, and a snapshot of the server's meters. */
class StatusPageIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static TestService app;

    @BeforeAll
    static void start() {
        app = TestService.create(
                "admin: {port: 0, host: 127.0.0.1}\nobservability: {status: {path: /ops/status, sample-interval: 1s}}",
                InMemorySpanExporter.create(),
                (executor, observers) -> routing -> routing.get("/orders/{id}", r -> {
                    if (r.pathParam("id").asString().equals("boom")) {
                        throw new HttpStatusException(503, "down for a moment");
                    }
                    return "order";
                }));
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsOneSelfContainedDocumentOnTheAdminPort() throws Exception {
        int admin = app.service().adminPort();
        HttpResponse<String> page = get(admin, "/ops/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'; script-src 'sha256-")
                .contains("connect-src 'self'");
        // The icon is an empty data: URL, so that the browser asks for no /favicon.ico either.
        assertThat(page.body()).contains("<link rel=\"icon\" href=\"data:,\">");
        assertThat(page.body().replace("<link rel=\"icon\" href=\"data:,\">", ""))
                .contains("data-snapshot=\"/ops/status/snapshot\"")
                .doesNotContain("src=", "href=", "url(", "@import", "https://");
        // The one absolute URL is the SVG namespace, a name the browser never fetches.
        assertThat(page.body().replace("\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
        assertThat(get(app.service().port(), "/ops/status").statusCode()).isEqualTo(404);
    }

    @Test
    void theSnapshotCountsTheRequestsAndFailuresOfEachRoute() throws Exception {
        int port = app.service().port();
        for (int i = 0; i < 7; i++) {
            assertThat(get(port, "/orders/" + i).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get(port, "/orders/boom").statusCode()).isEqualTo(503);
        }
        HttpResponse<String> r = get(app.service().adminPort(), "/ops/status/snapshot");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode s = json.readTree(r.body());
        JsonNode route = null;
        for (JsonNode n : s.path("routes")) {
            if (n.path("route").asText().equals("GET /orders/{id}")) {
                route = n;
            }
        }
        assertThat(route).as(r.body()).isNotNull();
        assertThat(route.path("requests").asLong()).isEqualTo(10);
        assertThat(route.path("errors").asLong()).isEqualTo(3);
        assertThat(route.path("p50").asDouble()).isPositive().isLessThan(0.25);
        assertThat(s.path("readyPath").asText()).isEqualTo("/health/ready");
        assertThat(s.path("interval").asDouble()).isEqualTo(1.0);
        assertThat(s.has("logDropped")).isTrue();
        // The snapshot's own request is the one in flight.
        assertThat(s.path("inFlight").asDouble()).isEqualTo(1.0);
    }
}
