package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import dev.chassis.observability.internal.CountingAsyncAppender;
import io.micrometer.core.instrument.FunctionCounter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log pipeline itself: never blocking, counting drops, and the readable format. */
class LoggingIT {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger("app");

    private static CountingAsyncAppender async() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return (CountingAsyncAppender)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("chassis-async");
    }

    @Test
    void aSlowStdoutDropsAndCountsEventsInsteadOfBlocking() throws Exception {
        TestService app = TestService.create(
                "observability: {logging: {queue-size: 16}}", InMemorySpanExporter.create(), (e, o) -> r -> {});
        app.service().start();
        try {
            CountingAsyncAppender async = async();
            OutputStreamAppender<?> console = (OutputStreamAppender<?>) async.getAppender("chassis-console");
            CountDownLatch release = new CountDownLatch(1);
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            console.setOutputStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    synchronized (written) {
                        written.write(b, off, len);
                    }
                }
            });
            long droppedBefore = async.dropped();
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                log.info("event {}", i);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).as("logging must not wait for stdout").isLessThan(1000);
            long dropped = async.dropped() - droppedBefore;
            // The worker holds at most one queue's worth it took before blocking, the queue another.
            assertThat(dropped).isGreaterThanOrEqualTo(200 - 2 * 16 - 1);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> lines(written) >= 200 - dropped);
            assertThat(lines(written)).isEqualTo(200 - dropped);
            FunctionCounter counter = app.registry().find("log.events.dropped").functionCounter();
            assertThat(counter).isNotNull();
            assertThat(counter.count()).isGreaterThanOrEqualTo(dropped);
        } finally {
            app.service().stop();
        }
    }

    private static long lines(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.contains("\"event "))
                    .count();
        }
    }

    @Test
    void textFormatIsReadableAndStillOneLinePerEvent() throws Exception {
        TestService app = TestService.create(
                "observability: {logging: {format: text}}", InMemorySpanExporter.create(), (e, o) -> r -> {});
        app.service().start();
        try {
            LogCapture capture = LogCapture.attach();
            org.slf4j.MDC.put(CorrelationId.MDC_KEY, "text-1");
            log.info("line one\nforged line\r\nthird");
            org.slf4j.MDC.clear();
            await().atMost(Duration.ofSeconds(5)).until(() -> capture.text().contains("third"));
            java.util.List<String> lines = capture.text().lines().toList();
            assertThat(lines).noneMatch(l -> l.startsWith("forged") || l.startsWith("third"));
            assertThat(lines.stream().filter(l -> l.contains("line one")))
                    .singleElement()
                    .asString()
                    .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\] app text-1 - line one forged line  third");
        } finally {
            app.service().stop();
        }
    }

    @Test
    void theChosenFieldNamesApplyToEveryLineTheAccessLogsToo() throws Exception {
        TestService app = TestService.create(
                "observability: {instance: ecs-1, logging: {fields: ecs}}",
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/ecs", q -> {
                    log.info("in ecs");
                    return java.util.Map.of("ok", true);
                }));
        app.service().start();
        try {
            LogCapture capture = LogCapture.attach();
            java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://127.0.0.1:" + app.service().port() + "/ecs"))
                                    .header("X-Correlation-ID", "ecs-req-1")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            java.util.List<com.fasterxml.jackson.databind.JsonNode> lines =
                    capture.awaitEvents(l -> l.path("http.request.id").asText().equals("ecs-req-1"), 2);
            com.fasterxml.jackson.databind.JsonNode line = lines.stream()
                    .filter(l -> l.path("log.logger").asText().equals("app"))
                    .findFirst()
                    .orElseThrow();
            // The MDC's entries come in the MDC's own order.
            assertThat(fieldNames(line))
                    .containsExactlyInAnyOrder(
                            "@timestamp",
                            "message",
                            "log.logger",
                            "process.thread.name",
                            "log.level",
                            "http.request.id",
                            "trace.id",
                            "span.id",
                            "service.name",
                            "service.version",
                            "service.node.name",
                            "ecs.version")
                    .startsWith("@timestamp", "message", "log.logger", "process.thread.name", "log.level")
                    .endsWith("service.name", "service.version", "service.node.name", "ecs.version");
            assertThat(line.path("service.name").asText()).isEqualTo("obs-test");
            assertThat(line.path("service.node.name").asText()).isEqualTo("ecs-1");
            com.fasterxml.jackson.databind.JsonNode access = lines.stream()
                    .filter(l -> l.path("log.logger").asText().equals("access"))
                    .findFirst()
                    .orElseThrow();
            assertThat(fieldNames(access))
                    .containsExactly(
                            "@timestamp",
                            "message",
                            "log.logger",
                            "process.thread.name",
                            "log.level",
                            "http.request.method",
                            "url.path",
                            "http.route",
                            "http.response.status_code",
                            "event.duration",
                            "http.request.body.bytes",
                            "http.response.body.bytes",
                            "client.address",
                            "user_agent.original",
                            "http.request.id",
                            "trace.id",
                            "span.id",
                            "service.name",
                            "service.version",
                            "service.node.name",
                            "ecs.version");
            assertThat(access.path("message").asText()).startsWith("GET /ecs 200 ");
        } finally {
            app.service().stop();
        }
    }

    @Test
    void valuesTheClientChoseAreCutAndNoLineEndOrControlCharacterReachesTheLineRaw() throws Exception {
        TestService app = TestService.create(
                "observability: {access-log: {headers: [x-long]}}",
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/raw", q -> {
                    log.info("agent {}", q.header("User-Agent").orElse(""));
                    return java.util.Map.of("ok", true);
                }));
        app.service().start();
        try {
            LogCapture capture = LogCapture.attach();
            try (java.net.Socket socket =
                    new java.net.Socket("127.0.0.1", app.service().port())) {
                java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
                request.write("GET /raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Correlation-ID: raw-1\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                request.write("User-Agent: a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // obs-text, which HTTP allows in a field value: NEXT LINE and a terminal's CSI.
                request.write(new byte[] {(byte) 0x85, (byte) 0x9b});
                request.write(("b\r\nX-Long: " + "y".repeat(2000) + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(request.toByteArray());
                socket.getInputStream().readAllBytes();
            }
            java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = capture.awaitEvents(
                    l -> {
                        System.out.println("LINE " + l);
                        return l.path("correlationId").asText().equals("raw-1");
                    },
                    2);
            com.fasterxml.jackson.databind.JsonNode access = lines.stream()
                    .filter(l -> l.path("logger").asText().equals("access"))
                    .findFirst()
                    .orElseThrow();
            assertThat(access.path("userAgent").asText()).isEqualTo("a\u0085\u009bb");
            assertThat(access.path("header.x-long").asText()).isEqualTo("y".repeat(512) + "...(1488 more)");
            // Read back as JSON the values are the client's; written out they are escapes.
            String text = capture.text();
            assertThat(text).doesNotContain("\u0085", "\u009b").contains("a\\u0085\\u009bb");
            assertThat(text.lines().filter(l -> l.contains("raw-1"))).hasSize(2);
        } finally {
            app.service().stop();
        }
    }

    private static java.util.List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode line) {
        java.util.List<String> names = new java.util.ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anUnknownFieldsFormatFailsNamingTheKeyAndItsSource() {
        assertThatThrownBy(() -> TestService.create(
                                "observability: {logging: {fields: gelf}}",
                                InMemorySpanExporter.create(),
                                (e, o) -> r -> {})
                        .service()
                        .start())
                .isInstanceOf(dev.chassis.core.config.ConfigException.class)
                .hasMessage("invalid configuration (1 problem):\n"
                        + "  - observability.logging.fields = 'gelf' (from test): not one of: chassis, ecs, logstash");
    }

    @Test
    void levelsFromConfigurationApply() {
        TestService app = TestService.create(
                "observability: {logging: {level: warn, levels: {app.verbose: debug}}}",
                InMemorySpanExporter.create(),
                (e, o) -> r -> {});
        app.service().start();
        try {
            assertThat(LoggerFactory.getLogger("app").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("app").isWarnEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("app.verbose").isDebugEnabled()).isTrue();
        } finally {
            app.service().stop();
        }
    }
}
