package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.config.Config;
import dev.chassis.core.http.Routes;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing as a service gets it by default: exporter {@code none} and no span processor of its
 * own. Each request still has a trace and span ID, in its log lines and in what it sends on;
 * the caller's trace, sampling decision and trace state are kept.
 */
class TracingOffIT {
    private static final Logger log = LoggerFactory.getLogger(TracingOffIT.class);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static Service service;
    private static LogCapture logs;

    @Singleton
    @Component(modules = {ChassisModule.class, ObservabilityModule.class, OffModule.class})
    interface OffService {
        Service service();

        @Component.Factory
        interface Factory {
            OffService create(@BindsInstance Config config);
        }
    }

    @Module
    abstract static class OffModule {
        @Provides
        @IntoSet
        static Routes routes(Set<ClientObserver> observers) {
            return routing -> routing.get("/outbound", request -> {
                log.info("calling on");
                Map<String, String> sent = RecordingCall.through(observers);
                // Not a header: whether the server span records, which nothing here should.
                sent.put("serverSpanRecording", Boolean.toString(Span.current().isRecording()));
                return sent;
            });
        }
    }

    @BeforeAll
    static void start() {
        Config config = Config.builder()
                .yaml(
                        "test",
                        "service: {name: off-test, version: 1.0.0}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\n")
                .build();
        service = DaggerTracingOffIT_OffService.factory().create(config).service();
        service.start();
        logs = LogCapture.attach();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @BeforeEach
    void reset() {
        logs.clear();
    }

    /** The traceparent the request sent on, and its two log lines (the handler's and the access event). */
    private static Result call(String correlationId, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/outbound"))
                .header("X-Correlation-ID", correlationId);
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sent = json.readTree(response.body());
        List<JsonNode> lines =
                logs.awaitEvents(e -> e.path("correlationId").asText().equals(correlationId), 2);
        return new Result(sent, lines);
    }

    private record Result(JsonNode sent, List<JsonNode> lines) {
        String traceparent() {
            return sent.path("traceparent").asText();
        }
    }

    @Test
    void aSampledCallersTraceDecisionAndStateAreKeptAndSentOn() throws Exception {
        Result r = call("off-1", "traceparent", "00-" + TRACE + "-" + PARENT + "-01", "tracestate", "vendor=abc");

        assertThat(r.lines()).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("traceId").asText()).isEqualTo(TRACE);
            assertThat(line.path("spanId").asText()).matches("[0-9a-f]{16}").isNotEqualTo(PARENT);
        });
        String serverSpan = r.lines().get(0).path("spanId").asText();
        assertThat(r.lines().get(1).path("spanId").asText()).isEqualTo(serverSpan);
        assertThat(r.traceparent()).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(r.traceparent()).doesNotContain(PARENT);
        assertThat(r.sent().path("tracestate").asText()).isEqualTo("vendor=abc");
        assertThat(r.sent().path("serverSpanRecording").asText()).isEqualTo("false");
    }

    @Test
    void anUnsampledCallersDecisionIsKept() throws Exception {
        Result r = call("off-2", "traceparent", "00-" + TRACE + "-" + PARENT + "-00");

        assertThat(r.lines())
                .allSatisfy(line -> assertThat(line.path("traceId").asText()).isEqualTo(TRACE));
        assertThat(r.traceparent()).matches("00-" + TRACE + "-[0-9a-f]{16}-00");
    }

    @Test
    void withoutAValidTraceparentANewUnsampledTraceStartsAndTracestateIsDropped() throws Exception {
        Result r = call("off-3", "traceparent", "00-" + TRACE + "-" + PARENT + "-01-junk", "tracestate", "vendor=abc");

        String traceId = r.lines().get(0).path("traceId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE).isNotEqualTo("0".repeat(32));
        assertThat(r.lines())
                .allSatisfy(line -> assertThat(line.path("traceId").asText()).isEqualTo(traceId));
        // Not sampled; 02 marks the trace ID as random, as the SDK marks the traces it starts.
        assertThat(r.traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-02");
        assertThat(r.sent().has("tracestate")).isFalse();
    }

    @Test
    void eachRequestWithoutTraceparentHasATraceOfItsOwn() throws Exception {
        String first = call("off-4").lines().get(0).path("traceId").asText();
        String second = call("off-5").lines().get(0).path("traceId").asText();

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }
}
