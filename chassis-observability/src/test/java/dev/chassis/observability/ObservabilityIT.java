package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chassis.core.http.Response;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Correlation IDs, JSON logs, the access log and server spans, on a running service. */
class ObservabilityIT {
    private static final Logger log = LoggerFactory.getLogger("app");
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");
    private static TestService app;
    private static LogCapture logs;

    record Greeting(String message) {}

    @BeforeAll
    static void start() {
        app = TestService.create(
                "server: {executor: pool, worker-threads: 2}\n"
                        + "observability: {instance: test-1, access-log: {headers: [X-Tenant]}}",
                spans,
                (executor, observers) -> routing -> routing.get("/hello/{name}", request -> {
                            log.info("greeting {}", request.pathParam("name").asString());
                            return new Greeting(
                                    "hello, " + request.pathParam("name").asString());
                        })
                        .get(
                                "/async",
                                request -> CompletableFuture.supplyAsync(
                                        () -> {
                                            log.info("async work");
                                            return new Greeting("later");
                                        },
                                        executor))
                        .get("/mdc", request -> new LinkedHashMap<>(MDC.getCopyOfContextMap()))
                        .get("/span-on-task", request -> {
                            String onHandler = io.opentelemetry.api.trace.Span.current()
                                    .getSpanContext()
                                    .getSpanId();
                            return CompletableFuture.supplyAsync(
                                    () -> onHandler + " "
                                            + io.opentelemetry.api.trace.Span.current()
                                                    .getSpanContext()
                                                    .getSpanId(),
                                    executor);
                        })
                        .get("/boom", request -> {
                            throw new IllegalStateException("it broke");
                        })
                        .get("/outbound", request -> RecordingCall.through(observers)));
        app.service().start();
        logs = LogCapture.attach();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
    }

    @BeforeEach
    void reset() {
        logs.clear();
        spans.reset();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.service().port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean access(JsonNode e) {
        return e.path("logger").asText().equals("access");
    }

    @Test
    void validCorrelationIdIsKeptEchoedAndOnEveryLineOfTheRequest() throws Exception {
        HttpResponse<String> r = get("/hello/ann", "X-Correlation-ID", "order-42.a:b_c");
        assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue("order-42.a:b_c");
        List<JsonNode> lines =
                logs.awaitEvents(e -> e.path("correlationId").asText().equals("order-42.a:b_c"), 2);
        assertThat(lines).extracting(e -> e.path("logger").asText()).containsExactlyInAnyOrder("app", "access");
        JsonNode app = lines.stream()
                .filter(e -> e.path("logger").asText().equals("app"))
                .findFirst()
                .orElseThrow();
        assertThat(app.path("message").asText()).isEqualTo("greeting ann");
        assertThat(app.path("level").asText()).isEqualTo("INFO");
        assertThat(app.path("service").asText()).isEqualTo("obs-test");
        assertThat(app.path("version").asText()).isEqualTo("9.9.9");
        assertThat(app.path("instance").asText()).as(app.toString()).isEqualTo("test-1");
        assertThat(app.path("thread").asText()).startsWith("chassis-worker");
        assertThat(app.path("@timestamp").asText()).endsWith("Z");
        assertThat(app.path("traceId").asText()).hasSize(32);
        assertThat(app.path("spanId").asText()).hasSize(16);
    }

    @Test
    void continuationOnTheTaskExecutorCarriesTheCorrelationId() throws Exception {
        HttpResponse<String> r = get("/async", "X-Correlation-ID", "async-1");
        assertThat(r.body()).isEqualTo("{\"message\":\"later\"}");
        JsonNode work = logs.awaitEvents(e -> e.path("message").asText().equals("async work"), 1)
                .get(0);
        assertThat(work.path("correlationId").asText()).isEqualTo("async-1");
        assertThat(work.path("thread").asText()).doesNotStartWith("chassis-worker");
        assertThat(work.path("traceId").asText()).hasSize(32);
    }

    @Test
    void theServerSpanIsCurrentOnTaskExecutorThreads() throws Exception {
        String body = get("/span-on-task").body();
        String[] ids = body.substring(1, body.length() - 1).split(" ");
        assertThat(ids[0]).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
        assertThat(ids[1]).isEqualTo(ids[0]);
    }

    @Test
    void invalidCorrelationIdIsReplacedNeverEchoedNorLogged() throws Exception {
        String bad = "evil id with spaces and {braces}";
        HttpResponse<String> r = get("/hello/x", "X-Correlation-ID", bad);
        String replaced = r.headers().firstValue("X-Correlation-ID").orElseThrow();
        assertThat(replaced).matches(GENERATED);
        logs.awaitEvents(e -> e.path("correlationId").asText().equals(replaced), 2);
        assertThat(logs.text()).doesNotContain("evil id");
        String tooLong = "a".repeat(65);
        assertThat(get("/hello/x", "X-Correlation-ID", tooLong)
                        .headers()
                        .firstValue("X-Correlation-ID")
                        .orElseThrow())
                .matches(GENERATED);
    }

    @Test
    void missingCorrelationIdIsGenerated() throws Exception {
        assertThat(get("/hello/x").headers().firstValue("X-Correlation-ID").orElseThrow())
                .matches(GENERATED);
    }

    @Test
    void mdcIsCleanAfterEachRequestOnReusedThreads() throws Exception {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = get("/mdc", "X-Correlation-ID", "req-" + i);
            assertThat(r.body()).contains("\"correlationId\":\"req-" + i + "\"");
        }
        HttpResponse<String> none = get("/mdc");
        assertThat(none.body()).doesNotContain("req-");
    }

    @Test
    void errorsCarryTheCorrelationIdInTheProblemAndTheLog() throws Exception {
        HttpResponse<String> r = get("/boom", "X-Correlation-ID", "boom-1");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("\"correlationId\":\"boom-1\"").doesNotContain("it broke");
        JsonNode error = logs.awaitEvents(e -> e.path("level").asText().equals("ERROR"), 1)
                .get(0);
        assertThat(error.path("correlationId").asText()).isEqualTo("boom-1");
        assertThat(error.path("stack_trace").asText()).contains("java.lang.IllegalStateException: it broke");
    }

    @Test
    void forgedLinesCannotBeInjected() throws Exception {
        String forged = "x%0A%7B%22level%22%3A%22ERROR%22%2C%22message%22%3A%22forged%22%7D%0D%0Ay";
        get("/hello/" + forged, "X-Correlation-ID", "forge-1");
        List<JsonNode> lines =
                logs.awaitEvents(e -> e.path("correlationId").asText().equals("forge-1"), 2);
        JsonNode app = lines.stream()
                .filter(e -> e.path("logger").asText().equals("app"))
                .findFirst()
                .orElseThrow();
        assertThat(app.path("message").asText())
                .isEqualTo("greeting x\n{\"level\":\"ERROR\",\"message\":\"forged\"}\r\ny");
        assertThat(logs.events()).noneMatch(e -> e.path("message").asText().equals("forged"));
        assertThat(logs.text().lines().count()).isEqualTo(logs.events().size());
    }

    @Test
    void accessLogHasOneEventPerRequestWithoutSecretsOrQuery() throws Exception {
        get(
                "/hello/bob?token=secret123",
                "X-Correlation-ID",
                "acc-1",
                "Authorization",
                "Bearer abc",
                "Cookie",
                "s=1",
                "User-Agent",
                "tests/1.0",
                "X-Tenant",
                "acme");
        JsonNode event = logs.awaitEvents(
                        e -> access(e) && e.path("correlationId").asText().equals("acc-1"), 1)
                .get(0);
        assertThat(event.path("method").asText()).isEqualTo("GET");
        assertThat(event.path("path").asText()).isEqualTo("/hello/bob");
        assertThat(event.path("route").asText()).isEqualTo("/hello/{name}");
        assertThat(event.path("status").asInt()).isEqualTo(200);
        assertThat(event.path("durationMs").asDouble()).isGreaterThan(0);
        assertThat(event.path("bytesOut").asInt()).isEqualTo("{\"message\":\"hello, bob\"}".length());
        assertThat(event.path("bytesIn").asInt()).isZero();
        assertThat(event.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("userAgent").asText()).isEqualTo("tests/1.0");
        assertThat(event.path("header.x-tenant").asText()).isEqualTo("acme");
        assertThat(event.path("traceId").asText()).hasSize(32);
        assertThat(event.has("query")).isFalse();
        assertThat(logs.text())
                .doesNotContain("secret123")
                .doesNotContain("Bearer abc")
                .doesNotContain("s=1");
        assertThat(logs.events().stream().filter(ObservabilityIT::access).count())
                .isEqualTo(1);
    }

    @Test
    void unmatchedRequestsAreLoggedAgainstNoRoute() throws Exception {
        get("/nope/123", "X-Correlation-ID", "nope-1");
        JsonNode event = logs.awaitEvents(
                        e -> access(e) && e.path("correlationId").asText().equals("nope-1"), 1)
                .get(0);
        assertThat(event.path("route").asText()).isEqualTo("unmatched");
        assertThat(event.path("status").asInt()).isEqualTo(404);
    }

    @Test
    void traceparentSentInBecomesTheTraceOfTheRequest() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        get("/hello/t", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "tracestate", "vendor=abc");
        List<JsonNode> lines = logs.awaitEvents(e -> e.path("traceId").asText().equals(traceId), 2);
        assertThat(lines).hasSize(2);
        // A span of an earlier test's request may still end after the reset: pick this trace's.
        await().atMost(Duration.ofSeconds(2))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getTraceId().equals(traceId)));
        SpanData span = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .findFirst()
                .orElseThrow();
        assertThat(span.getTraceId()).isEqualTo(traceId);
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getName()).isEqualTo("GET /hello/{name}");
        assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
        assertThat(span.getAttributes().asMap().toString())
                .contains("http.route=/hello/{name}")
                .contains("http.response.status_code=200")
                .contains("http.request.method=GET");
    }

    @Test
    void aMethodNotAllowedOnAKnownPathIsTracedAndLoggedAgainstItsRoute() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.service().port() + "/hello/x"))
                        .header("X-Correlation-ID", "not-allowed-1")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        JsonNode event = logs.awaitEvents(
                        e -> access(e) && e.path("correlationId").asText().equals("not-allowed-1"), 1)
                .get(0);
        assertThat(event.path("route").asText()).isEqualTo("/hello/{name}");
        await().atMost(Duration.ofSeconds(2))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getName().equals("DELETE /hello/{name}")));
        SpanData span = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("DELETE /hello/{name}"))
                .findFirst()
                .orElseThrow();
        assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("http.route")))
                .isEqualTo("/hello/{name}");
        assertThat(span.getAttributes()
                        .get(io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(405L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.UNSET);
    }

    @Test
    void aHandlersFailureIsAnErrorSpanWhoseErrorTypeIsTheExceptionsClass() throws Exception {
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getName().equals("GET /boom")));
        SpanData span = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("GET /boom"))
                .findFirst()
                .orElseThrow();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("error.type")))
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void outboundCallsCarryCorrelationAndTraceContext() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> r =
                get("/outbound", "X-Correlation-ID", "out-1", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
        assertThat(r.body())
                .contains("\"X-Correlation-ID\":\"out-1\"")
                .contains("\"traceparent\":\"00-" + traceId + "-");
        await().atMost(Duration.ofSeconds(2))
                .until(() -> spans.getFinishedSpanItems().size() >= 2);
        SpanData clientSpan = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT)
                .findFirst()
                .orElseThrow();
        SpanData serverSpan = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElseThrow();
        assertThat(clientSpan.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
        assertThat(r.body()).contains("-" + clientSpan.getSpanId() + "-01");
    }

    @Test
    void responsesWithoutBodiesAreStillLogged() throws Exception {
        get("/hello/x", "X-Correlation-ID", "plain-1");
        logs.awaitEvents(e -> access(e) && e.path("correlationId").asText().equals("plain-1"), 1);
        assertThat(Response.noContent().status()).isEqualTo(204);
    }
}
