package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Spans leave the service as OTLP/HTTP protobuf, with the configured headers. */
class OtlpExportIT {
    record Ok(boolean ok) {}

    @Test
    void spansAreExportedToTheConfiguredEndpointAndFlushedOnStop() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            TestService app = TestService.create(
                    "observability: {tracing: {exporter: otlp, endpoint: 'http://127.0.0.1:"
                            + collector.getAddress().getPort()
                            + "/v1/traces', headers: {Authorization: Bearer t0ken}}}",
                    InMemorySpanExporter.create(),
                    (e, o) -> r -> r.get("/traced/{id}", q -> new Ok(true)));
            app.service().start();
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + app.service().port() + "/traced/1"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            app.service().stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !bodies.isEmpty());
            String body = String.join("", bodies);
            assertThat(body).contains("GET /traced/{id}").contains("obs-test").contains("http.route");
            assertThat(auth).contains("Bearer t0ken");
        } finally {
            collector.stop(0);
        }
    }
}
