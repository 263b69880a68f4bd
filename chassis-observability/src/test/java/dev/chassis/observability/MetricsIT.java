package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scrape endpoint, as Prometheus reads it. */
class MetricsIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static TestService app;

    record Item(long id) {}

    @BeforeAll
    static void start() {
        app = TestService.create(
                "server: {max-content-length: 16}",
                InMemorySpanExporter.create(),
                (executor, observers) -> routing -> routing.get(
                                "/items/{id}", r -> new Item(r.pathParam("id").asLong()))
                        .post("/items", r -> new Item(r.body(Item.class).id())));
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.service().port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one sample whose name and labels match; fails if there is not exactly one. */
    static double sample(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        Double found = null;
        while (m.find()) {
            String labelText = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                assertThat(found)
                        .as("more than one sample of %s with %s", name, List.of(labels))
                        .isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found)
                .as("a sample of %s with %s in:%n%s", name, List.of(labels), text)
                .isNotNull();
        return found;
    }

    @Test
    void serverRequestsAreCountedByRouteTemplateMethodAndStatusClass() throws Exception {
        String route = "http_route=\"/items/{id}\"";
        String before = get("/metrics").body();
        double ok = before.contains(route)
                ? sample(
                        before,
                        "http_server_request_duration_seconds_count",
                        route,
                        "http_response_status_class=\"2xx\"")
                : 0;
        for (int i = 0; i < 3; i++) {
            get("/items/" + i);
        }
        get("/items/notanumber");
        String text = get("/metrics").body();
        assertThat(sample(
                        text,
                        "http_server_request_duration_seconds_count",
                        route,
                        "http_response_status_class=\"2xx\"",
                        "http_request_method=\"GET\""))
                .isEqualTo(ok + 3.0);
        assertThat(sample(
                        text,
                        "http_server_request_duration_seconds_count",
                        route,
                        "http_response_status_class=\"4xx\""))
                .isEqualTo(1.0);
        assertThat(sample(
                        text,
                        "http_server_request_duration_seconds_bucket",
                        route,
                        "http_response_status_class=\"2xx\"",
                        "le=\"+Inf\""))
                .isEqualTo(ok + 3.0);
        assertThat(text).contains("le=\"0.005\"").contains("le=\"10.0\"");
        assertThat(sample(
                        text,
                        "http_server_request_duration_seconds_count",
                        route,
                        "http_response_status_class=\"2xx\"",
                        "service=\"obs-test\"",
                        "version=\"9.9.9\"",
                        "instance=\""))
                .isEqualTo(ok + 3.0);
        assertThat(text).doesNotContain("/items/0").doesNotContain("/items/notanumber");
    }

    @Test
    void tenThousandRandomPathsAddNoSeries() throws Exception {
        String before = get("/metrics").body();
        List<CompletableFuture<HttpResponse<Void>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + app.service().port() + "/random/" + i + "/x"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding()));
            if (all.size() == 200) {
                for (CompletableFuture<HttpResponse<Void>> f : all) {
                    f.get(10, TimeUnit.SECONDS);
                }
                all.clear();
            }
        }
        for (CompletableFuture<HttpResponse<Void>> f : all) {
            f.get(10, TimeUnit.SECONDS);
        }
        // The count is taken when each response has been written, a moment after the client has it.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> unmatched(get("/metrics").body()) - unmatched(before) >= 10_000.0);
        String after = get("/metrics").body();
        assertThat(after).doesNotContain("/random/");
        long seriesBefore = before.lines()
                .filter(l -> l.startsWith("http_server_request_duration_seconds_count"))
                .count();
        long seriesAfter = after.lines()
                .filter(l -> l.startsWith("http_server_request_duration_seconds_count"))
                .count();
        // At most one new series per status class of the shared bucket (404s, and a 503 if the pool was full).
        assertThat(seriesAfter - seriesBefore).isLessThanOrEqualTo(2);
    }

    /** All requests counted against no route, whatever their status. */
    private static double unmatched(String text) {
        return text.lines()
                .filter(l -> l.startsWith("http_server_request_duration_seconds_count{")
                        && l.contains("http_route=\"unmatched\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void rejectionsAreCountedByReason() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.service().port() + "/items"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": 1234567890123456789}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        String text = get("/metrics").body();
        assertThat(sample(text, "http_server_rejected_total", "reason=\"body-too-large\""))
                .isEqualTo(1.0);
        assertThat(sample(text, "http_server_rejected_total", "reason=\"connections\""))
                .isZero();
    }

    @Test
    void jvmProcessAndServerGaugesArePresent() throws Exception {
        String text = get("/metrics").body();
        assertThat(text)
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_gc_")
                .contains("jvm_threads_live_threads{")
                .contains("jvm_classes_loaded_classes{")
                .contains("process_cpu_usage{")
                .contains("process_uptime_seconds{")
                .contains("http_server_active_requests{")
                .contains("http_server_open_connections{")
                .contains("log_events_dropped_total{")
                .contains("logback_events_total{");
        assertThat(sample(text, "http_server_active_requests", "service=\"obs-test\""))
                .isEqualTo(1.0);
    }

    @Test
    void openMetricsIsServedWhenAskedFor() throws Exception {
        HttpResponse<String> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(r.headers().firstValue("content-type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.body()).endsWith("# EOF\n");
        HttpResponse<String> plain = get("/metrics");
        assertThat(plain.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void prometheusOwnParserAcceptsBothFormats() throws Exception {
        File promtool = new File("/usr/bin/promtool");
        if (System.getenv("CI") == null) {
            assumeTrue(promtool.canExecute(), "promtool not installed (apt-get install prometheus); CI installs it");
        }
        get("/items/1");
        // promtool reads the Prometheus text format; OpenMetrics is checked by a real scrape in
        // PrometheusScrapeIT.
        for (String accept : new String[] {"text/plain"}) {
            String text = get("/metrics", "Accept", accept).body();
            Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out)
                    .as("promtool on %s", accept)
                    .doesNotContain("error while linting")
                    .doesNotContain("parse error");
            assertThat(p.exitValue())
                    .as("promtool exit for %s: %s", accept, out)
                    .isZero();
        }
    }
}
