package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chassis.core.http.HttpStatusException;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
                "server: {max-content-length: 16, request-head-timeout: 300ms}\nobservability: {instance: metrics-1}",
                InMemorySpanExporter.create(),
                (executor, observers) -> routing -> routing.get(
                                "/items/{id}", r -> new Item(r.pathParam("id").asLong()))
                        .post("/items", r -> new Item(r.body(Item.class).id()))
                        .get("/boom", r -> {
                            throw new IllegalStateException("it broke");
                        })
                        .get("/busy", r -> {
                            throw HttpStatusException.unavailable("busy", Duration.ofSeconds(1));
                        })
                        .get("/outbound", r -> RecordingCall.through(observers)));
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
    void serverRequestsAreCountedByRouteTemplateMethodAndStatusCode() throws Exception {
        String route = "http_route=\"/items/{id}\"";
        String before = get("/metrics").body();
        double ok = before.contains(route)
                ? sample(
                        before,
                        "http_server_request_duration_seconds_count",
                        route,
                        "http_response_status_code=\"200\"")
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
                        "http_response_status_code=\"200\"",
                        "http_request_method=\"GET\""))
                .isEqualTo(ok + 3.0);
        assertThat(text)
                .containsPattern("(?m)^http_server_request_duration_seconds_count\\{http_request_method=\"GET\","
                        + "http_response_status_code=\"400\",http_route=\"/items/\\{id}\"} 1$");
        assertThat(sample(
                        text,
                        "http_server_request_duration_seconds_bucket",
                        route,
                        "http_response_status_code=\"200\"",
                        "le=\"+Inf\""))
                .isEqualTo(ok + 3.0);
        assertThat(text).contains("le=\"0.005\"").contains("le=\"10.0\"");
        assertThat(text).doesNotContain("/items/0").doesNotContain("/items/notanumber");
    }

    @Test
    void failedRequestsCarryTheirErrorTypeAndOthersNone() throws Exception {
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        assertThat(get("/busy").statusCode()).isEqualTo(503);
        String text = get("/metrics").body();
        assertThat(text)
                .containsPattern("(?m)^http_server_request_duration_seconds_count\\{"
                        + "error_type=\"java.lang.IllegalStateException\",http_request_method=\"GET\","
                        + "http_response_status_code=\"500\",http_route=\"/boom\"} 1$")
                .containsPattern("(?m)^http_server_request_duration_seconds_count\\{error_type=\"503\","
                        + "http_request_method=\"GET\",http_response_status_code=\"503\",http_route=\"/busy\"} 1$");
        assertThat(text.lines().filter(l -> l.contains("error_type=")))
                .allMatch(l -> l.contains("http_route=\"/boom\"") || l.contains("http_route=\"/busy\""));
    }

    @Test
    void aMethodNotAllowedOnAKnownPathIsCountedAgainstItsRoute() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.service().port() + "/items/5"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        String text = get("/metrics").body();
        assertThat(text)
                .containsPattern("(?m)^http_server_request_duration_seconds_count\\{http_request_method=\"DELETE\","
                        + "http_response_status_code=\"405\",http_route=\"/items/\\{id}\"} 1$");
        assertThat(text)
                .doesNotContain("http_request_method=\"DELETE\",http_response_status_code=\"405\","
                        + "http_route=\"unmatched\"");
    }

    @Test
    void theResourceIsOneTargetInfoSeriesAndNoSeriesHasAnInstanceLabel() throws Exception {
        String text = get("/metrics").body();
        assertThat(text.lines().filter(l -> l.startsWith("target_info")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "target_info{service_instance_id=\"metrics-1\",service_name=\"obs-test\",service_version=\"9.9.9\"} 1");
        assertNoInstanceLabel(text);
        assertThat(text.lines().filter(l -> !l.startsWith("#") && (l.contains("obs-test") || l.contains("9.9.9"))))
                .singleElement()
                .asString()
                .startsWith("target_info{");
        assertThat(text)
                .containsPattern("(?m)^jvm_info\\{runtime=\"[^\"]+\",vendor=\"[^\"]+\",version=\""
                        + Pattern.quote(System.getProperty("java.runtime.version")) + "\"} 1$");
    }

    @Test
    void resourceTagsWhenAskedForAreOnEverySeriesUnderNamesThatCollideWithNothing() throws Exception {
        TestService tagged = TestService.create(
                "observability: {instance: tagged-1, metrics: {resource-tags: true}}",
                InMemorySpanExporter.create(),
                (executor, observers) -> routing -> routing.get("/t", r -> new Item(1)));
        tagged.service().start();
        try {
            String base = "http://127.0.0.1:" + tagged.service().port();
            client.send(
                    HttpRequest.newBuilder(URI.create(base + "/t")).build(), HttpResponse.BodyHandlers.discarding());
            String text = client.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String resource = "service_instance_id=\"tagged-1\",service_name=\"obs-test\",service_version=\"9.9.9\"";
            assertThat(text)
                    .contains("\nhttp_server_request_duration_seconds_count{http_request_method=\"GET\","
                            + "http_response_status_code=\"200\",http_route=\"/t\"," + resource + "} 1\n")
                    .contains("\ntarget_info{" + resource + "} 1\n")
                    .containsPattern("(?m)^jvm_info\\{runtime=\"[^\"]+\"," + Pattern.quote(resource)
                            + ",vendor=\"[^\"]+\",version=\""
                            + Pattern.quote(System.getProperty("java.runtime.version"))
                            + "\"} 1$");
            assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()))
                    .allMatch(l -> l.contains(resource), "every series carries the resource");
            assertNoInstanceLabel(text);
        } finally {
            tagged.service().stop();
        }
    }

    /** No sample has a label named {@code instance}, which Prometheus keeps for its target. */
    static void assertNoInstanceLabel(String text) {
        assertThat(text.lines().filter(l -> !l.startsWith("#")))
                .isNotEmpty()
                .noneMatch(l -> l.matches("^[^{ ]+\\{(.*,)?instance=.*"));
    }

    @Test
    void outboundCallsAreCountedWithTheServersAddressAndPort() throws Exception {
        assertThat(get("/outbound").statusCode()).isEqualTo(200);
        String text = get("/metrics").body();
        assertThat(text)
                .containsPattern("(?m)^http_client_request_duration_seconds_count\\{downstream=\"accounts\","
                        + "http_request_method=\"GET\",http_response_status_code=\"200\","
                        + "http_route=\"/accounts/\\{id}\",outcome=\"success\",server_address=\"127.0.0.1\","
                        + "server_port=\"1\"} [1-9]\\d*$");
        assertThat(text).doesNotContain("status_class");
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
    void aHeadThatDoesNotArriveInTimeIsCountedAsRejected() throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", app.service().port())) {
            socket.getOutputStream().write("GET /items/1 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                sample(get("/metrics").body(), "http_server_rejected_total", "reason=\"head-timeout\""))
                        .isEqualTo(1.0));
    }

    @Test
    void jvmProcessAndServerGaugesArePresent() throws Exception {
        String text = get("/metrics").body();
        for (String series : List.of(
                "jvm_memory_used_bytes",
                "jvm_gc_[a-z_]+",
                "jvm_threads_live_threads",
                "jvm_classes_loaded_classes",
                "process_cpu_usage",
                "process_uptime_seconds",
                "http_server_active_requests",
                "http_server_open_connections",
                "http_server_write_timeouts_total",
                "log_events_dropped_total",
                "logback_events_total")) {
            assertThat(text).as(series).containsPattern("(?m)^" + series + "[ {]");
        }
        assertThat(text).containsPattern("(?m)^http_server_active_requests 1(\\.0)?$");
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
            assertNoInstanceLabel(text);
        }
    }
}
