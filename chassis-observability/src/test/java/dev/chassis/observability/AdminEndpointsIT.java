package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's endpoints: logger levels changed at run time, the thread dump, the configuration. */
class AdminEndpointsIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final Logger orders = LoggerFactory.getLogger("com.acme.orders");
    private static TestService app;

    @BeforeAll
    static void start() {
        app = TestService.create(
                "lifecycle: {grace-period: 3s}\nobservability: {logging: {levels: {com.acme: WARN}}}",
                InMemorySpanExporter.create(),
                (executor, observers) -> routing -> routing.get("/work", r -> {
                    orders.debug("debug detail of the work");
                    orders.info("the work is done");
                    return "done";
                }));
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.service().port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLoggerLevelChangedAtRunTimeChangesWhatIsLogged() throws Exception {
        LogCapture logs = LogCapture.attach();
        assertThat(send("GET", "/work", null).statusCode()).isEqualTo(200);
        JsonNode before =
                json.readTree(send("GET", "/admin/loggers/com.acme", null).body());
        assertThat(before.path("configuredLevel").asText()).isEqualTo("WARN");

        HttpResponse<String> set = send("POST", "/admin/loggers/com.acme.orders", "{\"configuredLevel\":\"debug\"}");
        assertThat(set.statusCode()).isEqualTo(204);
        assertThat(send("GET", "/work", null).statusCode()).isEqualTo(200);

        logs.awaitEvents(e -> e.path("message").asText().equals("debug detail of the work"), 1);
        assertThat(logs.events())
                .extracting(e -> e.path("message").asText())
                .contains("logger com.acme.orders level changed from inherited WARN to DEBUG by an admin request")
                .containsOnlyOnce("the work is done");
        JsonNode all = json.readTree(send("GET", "/admin/loggers", null).body());
        assertThat(all.path("levels").toString()).contains("DEBUG");
        assertThat(all.path("loggers")
                        .path("com.acme.orders")
                        .path("effectiveLevel")
                        .asText())
                .isEqualTo("DEBUG");

        assertThat(send("POST", "/admin/loggers/com.acme.orders", "{\"configuredLevel\":null}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(json.readTree(send("GET", "/admin/loggers/com.acme.orders", null)
                                .body())
                        .path("effectiveLevel")
                        .asText())
                .isEqualTo("WARN");
    }

    @Test
    void aWrongLevelOrAnUnknownLoggerIsAProblem() throws Exception {
        HttpResponse<String> wrong = send("POST", "/admin/loggers/com.acme.orders", "{\"configuredLevel\":\"LOUD\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrong.body())
                .contains("configuredLevel: 'LOUD' (expected: one of OFF, ERROR, WARN, INFO, DEBUG, TRACE");
        assertThat(send("GET", "/admin/loggers/no.such.logger.anywhere", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theThreadDumpAndTheConfigurationAreServed() throws Exception {
        HttpResponse<String> dump = send("GET", "/admin/threaddump", null);
        assertThat(dump.statusCode()).isEqualTo(200);
        assertThat(dump.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(dump.body())
                .startsWith("thread dump at ")
                .contains("\"main\" #")
                .contains("java.lang.Thread.State: ");

        HttpResponse<String> config = send("GET", "/admin/config", null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body().lines())
                .contains("lifecycle.grace-period = 3s  (test)", "server.request-timeout = 30s  (default)");
    }
}
