package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C Trace Context vectors: what is taken as the parent and what starts a new trace. */
class TraceContextIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static TestService app;

    record Ok(boolean ok) {}

    @BeforeAll
    static void start() {
        app = TestService.create(
                "",
                spans,
                (executor, observers) ->
                        routing -> routing.get("/t", r -> new Ok(true)).get("/current", r -> {
                            io.opentelemetry.api.trace.SpanContext c =
                                    io.opentelemetry.api.trace.Span.current().getSpanContext();
                            return c.getTraceId() + " " + c.isSampled();
                        }));
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
    }

    @BeforeEach
    void reset() {
        spans.reset();
    }

    private static SpanData serve(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.service().port() + "/t"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        assertThat(client.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> spans.getFinishedSpanItems().size() == 1);
        return spans.getFinishedSpanItems().get(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00-" + TRACE + "-" + PARENT + "-01",
                // A later version may add fields; the known part is still read (W3C Trace Context 4.3).
                "cc-" + TRACE + "-" + PARENT + "-01-what-the-future-holds"
            })
    void validTraceparentIsTheParent(String traceparent) throws Exception {
        SpanData span = serve("traceparent", traceparent);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getSpanContext().isSampled()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void unsampledParentKeepsItsTraceAndItsDecision() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.service().port() + "/current"))
                        .header("traceparent", "00-" + TRACE + "-" + PARENT + "-00")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("\"" + TRACE + " false\"");
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // upper case
                "00-00000000000000000000000000000000-" + PARENT + "-01", // all-zero trace ID
                "00-" + TRACE + "-0000000000000000-01", // all-zero parent ID
                "ff-" + TRACE + "-" + PARENT + "-01", // version ff is forbidden
                "00-" + TRACE + "-" + PARENT, // too short
                "00-" + TRACE + "-" + PARENT + "-01-junk", // version 00 with data after
                "00-" + TRACE + "-" + PARENT + "-0x", // bad flags
                "00_" + TRACE + "_" + PARENT + "_01", // wrong separators
                "garbage"
            })
    void invalidTraceparentStartsANewTraceAndDropsTracestate(String traceparent) throws Exception {
        SpanData span = serve("traceparent", traceparent, "tracestate", "vendor=abc");
        assertThat(span.getTraceId())
                .isNotEqualTo(TRACE)
                .isNotEqualTo(TRACE.toUpperCase())
                .hasSize(32);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getSpanContext().getTraceState().isEmpty()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void twoTraceparentHeadersAreInvalid() throws Exception {
        SpanData span = serve(
                "traceparent",
                "00-" + TRACE + "-" + PARENT + "-01",
                "traceparent",
                "00-" + TRACE + "-" + PARENT + "-01");
        assertThat(span.getParentSpanContext().isValid()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void tracestateIsKeptWithAValidParentAndItsLimitsHonoured() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ",").append("k").append(i).append("=v").append(i);
        }
        SpanData span = serve("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "tracestate", many.toString());
        // More than 32 list members is invalid (W3C Trace Context 3.3.1.1): the state is dropped, the parent kept.
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getSpanContext().getTraceState().size()).isZero();
        spans.reset();
        SpanData kept = serve("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "tracestate", "a=1,b=2");
        assertThat(kept.getSpanContext().getTraceState().asMap())
                .containsEntry("a", "1")
                .containsEntry("b", "2");
    }

    @org.junit.jupiter.api.Test
    void noTraceparentStartsANewTrace() throws Exception {
        SpanData span = serve();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).hasSize(32);
        List<String> names =
                spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
        assertThat(names).containsExactly("GET /t");
    }
}
