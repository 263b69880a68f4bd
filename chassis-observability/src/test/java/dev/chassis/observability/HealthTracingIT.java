package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes and scrapes are not traced unless asked for; their requests still have trace IDs. */
class HealthTracingIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final List<String> ENDPOINTS = List.of("/health/live", "/health/ready", "/health", "/metrics");

    record Ok(boolean ok) {}

    /** Calls every endpoint and {@code /t}, and waits until each request's completion was handled. */
    private static List<String> serveAll(String yaml) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        TestService app = TestService.create(yaml, spans, (e, o) -> r -> r.get("/t", q -> new Ok(true)));
        app.service().start();
        try {
            for (String path : ENDPOINTS) {
                HttpResponse<Void> r = client.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + app.service().port() + path))
                                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
            client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + app.service().port() + "/t"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            // The metrics listener hears of a completion after the tracing one has ended its span.
            for (String route : ENDPOINTS) {
                await().atMost(Duration.ofSeconds(5))
                        .until(
                                () -> app
                                                .registry()
                                                .find("http.server.request.duration")
                                                .tag("http.route", route)
                                                .timers()
                                                .stream()
                                                .mapToLong(Timer::count)
                                                .sum()
                                        >= 1);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> spans.getFinishedSpanItems().stream()
                            .anyMatch(s -> s.getName().equals("GET /t")));
            return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
        } finally {
            app.service().stop();
        }
    }

    @Test
    void healthAndMetricsRequestsAreNotRecordedByDefault() throws Exception {
        assertThat(serveAll("")).containsExactly("GET /t");
    }

    @Test
    void aSwitchRecordsThemToo() throws Exception {
        assertThat(serveAll("observability: {tracing: {include-health-and-metrics: true}}"))
                .containsExactlyInAnyOrder(
                        "GET /health/live", "GET /health/ready", "GET /health", "GET /metrics", "GET /t");
    }
}
