package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.Param;
import dev.chassis.core.http.Request;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import net.logstash.logback.encoder.LogstashEncoder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLogEncoderTest {
    private static final Map<String, String> FIELDS = fields();

    private final LoggerContext context = new LoggerContext();
    private final JsonLogEncoder encoder = new JsonLogEncoder(FIELDS);
    /** The general encoder, set up as the chassis sets it up: what access events must match. */
    private final LogstashEncoder general = JsonLogEncoder.configure(new LogstashEncoder(), FIELDS);

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", "orders");
        fields.put("version", "1.2.3");
        fields.put("instance", "orders-1");
        return fields;
    }

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        encoder.setContext(context);
        encoder.start();
        general.setContext(context);
        general.start();
    }

    @AfterEach
    void stop() {
        encoder.stop();
        general.stop();
    }

    private LoggingEvent access(
            StubRequest request,
            StubCompletion completion,
            @Nullable SpanContext span,
            boolean includeQuery,
            String... headers) {
        return access(Map.of(), request, completion, span, includeQuery, headers);
    }

    private LoggingEvent access(
            Map<String, String> mdc,
            StubRequest request,
            StubCompletion completion,
            @Nullable SpanContext span,
            boolean includeQuery,
            String... headers) {
        AccessLogListener.AccessEvent event =
                new AccessLogListener.AccessEvent(request, completion, "corr-1", span, includeQuery, headers);
        LoggingEvent logged = new LoggingEvent(
                AccessLogListener.class.getName(), context.getLogger("access"), Level.INFO, "{}", null, new Object[] {
                    event
                });
        logged.setThreadName("chassis-io-1-1");
        logged.setMDCPropertyMap(mdc);
        return logged;
    }

    private LoggingEvent accessOn(String thread, String logger, Level level) {
        StubRequest request = new StubRequest("GET", "/t", "/t", "/t");
        LoggingEvent logged = new LoggingEvent(
                AccessLogListener.class.getName(), context.getLogger(logger), level, "{}", null, new Object[] {
                    new AccessLogListener.AccessEvent(
                            request, new StubCompletion(200, 1), "corr-1", null, false, new String[0])
                });
        logged.setThreadName(thread);
        logged.setMDCPropertyMap(Map.of());
        return logged;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void anAccessEventIsWrittenAsTheGeneralEncoderWritesIt() throws IOException {
        StubRequest request = new StubRequest("GET", "/orders/42", "/orders/42?x=1&token=s3cr3t", "/orders/{id}")
                .header("User-Agent", "curl/8.0 \"quoted\" caf\u00e9 \u2603 tab\there")
                .header("X-Tenant", "acme");
        SpanContext span = SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        ILoggingEvent event = access(request, new StubCompletion(200, 1_234_567), span, true, "x-tenant");

        byte[] written = encoder.encode(event);

        assertThat(text(written)).isEqualTo(text(general.encode(event)));
        JsonNode line = new ObjectMapper().readTree(written);
        assertThat(line.path("message").asText()).isEqualTo("GET /orders/{id} 200 1.2 ms");
        assertThat(line.path("route").asText()).isEqualTo("/orders/{id}");
        assertThat(line.path("query").asText()).isEqualTo("x=1&token=s3cr3t");
        assertThat(line.path("header.x-tenant").asText()).isEqualTo("acme");
        assertThat(line.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.path("instance").asText()).isEqualTo("orders-1");
    }

    @Test
    void theAuthenticatedCallerIsWrittenAsSubject() throws IOException {
        StubRequest request = new StubRequest("GET", "/me", "/me", "/me");
        request.attribute(Request.PRINCIPAL, () -> "alice");
        ILoggingEvent event = access(request, new StubCompletion(200, 1_000), null, false);

        byte[] written = encoder.encode(event);

        assertThat(text(written)).isEqualTo(text(general.encode(event)));
        assertThat(new ObjectMapper().readTree(written).path("subject").asText())
                .isEqualTo("alice");
        StubRequest anonymous = new StubRequest("GET", "/me", "/me", "/me");
        assertThat(new ObjectMapper()
                        .readTree(encoder.encode(access(anonymous, new StubCompletion(401, 1_000), null, false)))
                        .has("subject"))
                .isFalse();
    }

    @Test
    void anUnmatchedRejectedRequestTheClientLeftWithoutSpanOrUserAgentIsWrittenAsTheGeneralEncoderWritesIt() {
        StubRequest request = new StubRequest("BREW", "/pot", "/pot", null);
        StubCompletion completion = new StubCompletion(503, 42);
        completion.outcome = Completion.Outcome.CLIENT_CLOSED;
        completion.rejection = "in-flight limit";
        ILoggingEvent event = access(request, completion, null, false);

        assertThat(text(encoder.encode(event))).isEqualTo(text(general.encode(event)));
    }

    @Test
    void controlCharactersInAnyFieldCannotStartASecondLine() throws IOException {
        StubRequest request = new StubRequest("GET", "/a\r\n{\"forged\":true}", "/a", null)
                .header("User-Agent", "x\n{\"level\":\"ERROR\"}\u0000\u001b[31m\u2028");
        ILoggingEvent event = access(request, new StubCompletion(404, 1), null, false);

        String written = text(encoder.encode(event));

        assertThat(written).isEqualTo(text(general.encode(event)));
        assertThat(written.indexOf('\n')).isEqualTo(written.length() - 1);
        assertThat(written).doesNotContain("\r");
        assertThat(new ObjectMapper().readTree(written).path("path").asText()).isEqualTo("/a\r\n{\"forged\":true}");
    }

    @Test
    void eventsFromMoreThreadsThanAreKeptAreEachWrittenAsTheGeneralEncoderWritesThem() {
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            threads.add("chassis-io-1-" + i);
        }
        threads.add("bad\n{\"level\":\"ERROR\"}\u0000\u2028caf\u00e9");
        threads.add("");
        // Each thread twice, the first ones again after the others pushed them out, and one
        // thread on another logger and at another level.
        List<LoggingEvent> events = new ArrayList<>();
        for (String thread : threads) {
            events.add(accessOn(thread, "access", Level.INFO));
            events.add(accessOn(thread, "access", Level.INFO));
        }
        for (String thread : threads.subList(0, 3)) {
            events.add(accessOn(thread, "access", Level.INFO));
        }
        events.add(accessOn("chassis-io-1-0", "access.audit", Level.INFO));
        events.add(accessOn("chassis-io-1-0", "access", Level.WARN));
        events.add(accessOn("chassis-io-1-0", "access", Level.INFO));
        for (LoggingEvent event : events) {
            String written = text(encoder.encode(event));

            assertThat(written).as(event.getThreadName()).isEqualTo(text(general.encode(event)));
            assertThat(written.indexOf('\n')).as(event.getThreadName()).isEqualTo(written.length() - 1);
        }
    }

    @Test
    void anEncoderWithoutFieldsForEveryEventWritesAccessEventsAsTheGeneralEncoder() {
        JsonLogEncoder bare = new JsonLogEncoder(Map.of());
        LogstashEncoder bareGeneral = JsonLogEncoder.configure(new LogstashEncoder(), Map.of());
        bare.setContext(context);
        bare.start();
        bareGeneral.setContext(context);
        bareGeneral.start();
        try {
            LoggingEvent event =
                    access(new StubRequest("GET", "/b", "/b", null), new StubCompletion(201, 7), null, false);

            String written = text(bare.encode(event));

            assertThat(written).isEqualTo(text(bareGeneral.encode(event)));
            assertThat(written).doesNotContain("\"service\"").endsWith("}\n");
        } finally {
            bare.stop();
            bareGeneral.stop();
        }
    }

    @Test
    void writesIntoTheStreamItIsGivenEventAfterEvent() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ILoggingEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(access(
                    new StubRequest("GET", "/n/" + i, "/n/" + i, null), new StubCompletion(200, i), null, false));
        }

        for (ILoggingEvent event : events) {
            encoder.encode(event, out);
        }

        StringBuilder expected = new StringBuilder();
        for (ILoggingEvent event : events) {
            expected.append(text(general.encode(event)));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void anEventThatFailsHalfWayLeavesNothingBehindForTheNext() throws IOException {
        StubRequest failing = new StubRequest("GET", "/x", "/x", null);
        failing.failOnHeaders = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> encoder.encode(access(failing, new StubCompletion(200, 1), null, false, "x-a"), out))
                .isInstanceOf(IllegalStateException.class);
        ILoggingEvent next = access(new StubRequest("GET", "/y", "/y", null), new StubCompletion(200, 1), null, false);
        ByteArrayOutputStream afterwards = new ByteArrayOutputStream();
        encoder.encode(next, afterwards);

        assertThat(afterwards.toString(StandardCharsets.UTF_8)).isEqualTo(text(general.encode(next)));
    }

    @Test
    void anAccessEventWithAnMdcGoesToTheGeneralEncoder() throws IOException {
        LoggingEvent event = access(
                Map.of("tenant", "acme"),
                new StubRequest("GET", "/m", "/m", null),
                new StubCompletion(200, 1),
                null,
                false);

        JsonNode line = new ObjectMapper().readTree(encoder.encode(event));

        assertThat(line.path("tenant").asText()).isEqualTo("acme");
        assertThat(line.path("path").asText()).isEqualTo("/m");
    }

    @Test
    void anAccessEventIsWrittenByItsOwnWriterNotByTheGeneralEncodersProviders() throws IOException {
        StubRequest request = new StubRequest("GET", "/w", "/w", "/w");
        StubCompletion completion = new StubCompletion(200, 2_500_000);
        LoggingEvent expected = access(request, completion, null, false);
        // The general encoder's message provider formats the event's message; the access
        // event's own writer writes it from the fields and never asks for it.
        AccessLogListener.AccessEvent fields =
                new AccessLogListener.AccessEvent(request, completion, "corr-1", null, false, new String[0]);
        LoggingEvent unformattable =
                new LoggingEvent(
                        AccessLogListener.class.getName(),
                        context.getLogger("access"),
                        Level.INFO,
                        "{}",
                        null,
                        new Object[] {fields}) {
                    @Override
                    public String getFormattedMessage() {
                        throw new AssertionError("the message was formatted");
                    }
                };
        unformattable.setThreadName(expected.getThreadName());
        unformattable.setInstant(expected.getInstant());
        unformattable.setMDCPropertyMap(Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        encoder.encode(unformattable, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text(general.encode(expected)));
        assertThat(new ObjectMapper()
                        .readTree(out.toByteArray())
                        .path("message")
                        .asText())
                .isEqualTo("GET /w 200 2.5 ms");
    }

    @Test
    void otherEventsAreWrittenByTheGeneralEncoder() {
        LoggingEvent event = new LoggingEvent(
                getClass().getName(), context.getLogger("app"), Level.WARN, "paid {}", null, new Object[] {42});
        event.setThreadName("main");

        assertThat(text(encoder.encode(event))).isEqualTo(text(general.encode(event)));
    }

    @Test
    void eventsFromSeveralThreadsAreEachWrittenWhole() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        ILoggingEvent event = access(
                                new StubRequest("GET", "/t/" + thread + "/" + i, "/t", null),
                                new StubCompletion(200, i),
                                null,
                                false);
                        String written = text(encoder.encode(event));
                        if (!written.equals(text(general.encode(event)))) {
                            mismatches.add(written);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0,
                1,
                10,
                100_000_000,
                120_000_000,
                123_000_000,
                123_400_000,
                123_456_000,
                123_456_789,
                999_999_999,
                500_000_010
            })
    void timestampsAreWrittenAsTheGeneralEncoderAndTheIsoOffsetFormatWriteThemInUtc(long nanos) throws IOException {
        assertTimestamp(Instant.ofEpochSecond(1_796_000_000L, nanos));
    }

    @Test
    void theTimestampFollowsTheSecondsAsTheyChange() throws IOException {
        for (long second = 1_796_000_000L; second < 1_796_000_000L + 90_000; second += 3_601) {
            assertTimestamp(Instant.ofEpochSecond(second, 7_000));
        }
    }

    private void assertTimestamp(Instant instant) throws IOException {
        LoggingEvent event = access(new StubRequest("GET", "/t", "/t", null), new StubCompletion(200, 1), null, false);
        event.setInstant(instant);

        byte[] written = encoder.encode(event);

        assertThat(text(written)).isEqualTo(text(general.encode(event)));
        assertThat(new ObjectMapper().readTree(written).path("@timestamp").asText())
                .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
    }

    /** Each format's encoder and the general encoder set up for it. */
    private List<String> names(LogSchema schema, ILoggingEvent event) throws IOException {
        JsonLogEncoder formatted = new JsonLogEncoder(schema, FIELDS);
        LogstashEncoder generalFormatted = JsonLogEncoder.configure(new LogstashEncoder(), schema, FIELDS);
        formatted.setContext(context);
        formatted.start();
        generalFormatted.setContext(context);
        generalFormatted.start();
        try {
            byte[] written = formatted.encode(event);
            assertThat(text(written)).isEqualTo(text(generalFormatted.encode(event)));
            lastLine = new ObjectMapper().readTree(written);
            List<String> names = new ArrayList<>();
            lastLine.fieldNames().forEachRemaining(names::add);
            return names;
        } finally {
            formatted.stop();
            generalFormatted.stop();
        }
    }

    private @Nullable JsonNode lastLine;

    private LoggingEvent ordinary() {
        LoggingEvent event = new LoggingEvent(
                getClass().getName(), context.getLogger("app"), Level.INFO, "paid {}", null, new Object[] {42});
        event.setThreadName("main");
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        mdc.put("spanId", "00f067aa0ba902b7");
        mdc.put("correlationId", "corr-1");
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private LoggingEvent failed() {
        LoggingEvent event = new LoggingEvent(
                getClass().getName(),
                context.getLogger("app"),
                Level.ERROR,
                "GET /boom failed",
                new IllegalStateException("it broke"),
                null);
        event.setThreadName("main");
        event.setMDCPropertyMap(Map.of());
        return event;
    }

    private LoggingEvent accessIn(LogSchema schema) {
        StubRequest request = new StubRequest("GET", "/orders/42", "/orders/42?x=1", "/orders/{id}")
                .header("User-Agent", "curl/8.0")
                .header("X-Tenant", "acme");
        SpanContext span = SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        String[] headers = {"x-tenant"};
        AccessLogListener.AccessEvent event = new AccessLogListener.AccessEvent(
                request,
                new StubCompletion(200, 1_234_567),
                "corr-1",
                span,
                true,
                headers,
                schema.access,
                AccessLogListener.headerFields(schema.access, headers));
        LoggingEvent logged = new LoggingEvent(
                AccessLogListener.class.getName(), context.getLogger("access"), Level.INFO, "{}", null, new Object[] {
                    event
                });
        logged.setThreadName("chassis-io-1-1");
        logged.setMDCPropertyMap(Map.of());
        return logged;
    }

    @Test
    void chassisFieldsAreTheChassisOwn() throws IOException {
        assertThat(names(LogSchema.CHASSIS, ordinary()))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "logger",
                        "thread",
                        "level",
                        "traceId",
                        "spanId",
                        "correlationId",
                        "service",
                        "version",
                        "instance");
        assertThat(names(LogSchema.CHASSIS, failed()))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "logger",
                        "thread",
                        "level",
                        "stack_trace",
                        "service",
                        "version",
                        "instance");
        assertThat(names(LogSchema.CHASSIS, accessIn(LogSchema.CHASSIS)))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "logger",
                        "thread",
                        "level",
                        "method",
                        "path",
                        "query",
                        "route",
                        "status",
                        "durationMs",
                        "bytesIn",
                        "bytesOut",
                        "remoteAddress",
                        "userAgent",
                        "correlationId",
                        "traceId",
                        "spanId",
                        "header.x-tenant",
                        "service",
                        "version",
                        "instance");
        assertThat(lastLine.path("durationMs").decimalValue()).isEqualByComparingTo("1.234567");
    }

    @Test
    void logstashFieldsAreLogstashLogbackEncodersDefaults() throws IOException {
        assertThat(names(LogSchema.LOGSTASH, ordinary()))
                .containsExactly(
                        "@timestamp",
                        "@version",
                        "message",
                        "logger_name",
                        "thread_name",
                        "level",
                        "level_value",
                        "traceId",
                        "spanId",
                        "correlationId",
                        "service",
                        "version",
                        "instance");
        assertThat(lastLine.path("@version").asText()).isEqualTo("1");
        assertThat(lastLine.path("level_value").asInt()).isEqualTo(20000);
        assertThat(names(LogSchema.LOGSTASH, failed()))
                .containsExactly(
                        "@timestamp",
                        "@version",
                        "message",
                        "logger_name",
                        "thread_name",
                        "level",
                        "level_value",
                        "stack_trace",
                        "service",
                        "version",
                        "instance");
        assertThat(lastLine.path("level_value").asInt()).isEqualTo(40000);
        assertThat(names(LogSchema.LOGSTASH, accessIn(LogSchema.LOGSTASH)))
                .containsExactly(
                        "@timestamp",
                        "@version",
                        "message",
                        "logger_name",
                        "thread_name",
                        "level",
                        "level_value",
                        "method",
                        "path",
                        "query",
                        "route",
                        "status",
                        "durationMs",
                        "bytesIn",
                        "bytesOut",
                        "remoteAddress",
                        "userAgent",
                        "correlationId",
                        "traceId",
                        "spanId",
                        "header.x-tenant",
                        "service",
                        "version",
                        "instance");
        assertThat(lastLine.path("@version").asText()).isEqualTo("1");
        assertThat(lastLine.path("level_value").asInt()).isEqualTo(20000);
    }

    @Test
    void ecsFieldsAreElasticCommonSchemas() throws IOException {
        assertThat(names(LogSchema.ECS, ordinary()))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "log.logger",
                        "process.thread.name",
                        "log.level",
                        "trace.id",
                        "span.id",
                        "http.request.id",
                        "service.name",
                        "service.version",
                        "service.node.name",
                        "ecs.version");
        assertThat(lastLine.path("ecs.version").asText()).isEqualTo("8.11");
        assertThat(lastLine.path("service.node.name").asText()).isEqualTo("orders-1");
        assertThat(lastLine.path("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(names(LogSchema.ECS, failed()))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "log.logger",
                        "process.thread.name",
                        "log.level",
                        "error.stack_trace",
                        "error.type",
                        "error.message",
                        "service.name",
                        "service.version",
                        "service.node.name",
                        "ecs.version");
        assertThat(lastLine.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(lastLine.path("error.message").asText()).isEqualTo("it broke");
        assertThat(lastLine.path("error.stack_trace").asText()).startsWith("java.lang.IllegalStateException: it broke");
        assertThat(lastLine.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(names(LogSchema.ECS, accessIn(LogSchema.ECS)))
                .containsExactly(
                        "@timestamp",
                        "message",
                        "log.logger",
                        "process.thread.name",
                        "log.level",
                        "http.request.method",
                        "url.path",
                        "url.query",
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
                        "http.request.header.x-tenant",
                        "service.name",
                        "service.version",
                        "service.node.name",
                        "ecs.version");
        assertThat(lastLine.path("event.duration").asLong()).isEqualTo(1_234_567L);
        assertThat(lastLine.path("http.route").asText()).isEqualTo("/orders/{id}");
    }

    private static final class StubCompletion implements Completion {
        final int status;
        final long nanos;
        Outcome outcome = Outcome.COMPLETED;

        @Nullable
        String rejection;

        StubCompletion(int status, long nanos) {
            this.status = status;
            this.nanos = nanos;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Outcome outcome() {
            return outcome;
        }

        @Override
        public long bytesIn() {
            return 12;
        }

        @Override
        public long bytesOut() {
            return 345;
        }

        @Override
        public long durationNanos() {
            return nanos;
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.empty();
        }

        @Override
        public Optional<String> rejection() {
            return Optional.ofNullable(rejection);
        }
    }

    private static final class StubRequest implements Request {
        private final String method;
        private final String path;
        private final String uri;
        private final @Nullable String route;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private final Map<AttributeKey<?>, Object> attributes = new java.util.HashMap<>();
        boolean failOnHeaders;

        StubRequest(String method, String path, String uri, @Nullable String route) {
            this.method = method;
            this.path = path;
            this.uri = uri;
            this.route = route;
        }

        StubRequest header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String uri() {
            return uri;
        }

        @Override
        public Optional<String> route() {
            return Optional.ofNullable(route);
        }

        @Override
        public Optional<String> header(CharSequence name) {
            List<String> values = headers(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public List<String> headers(CharSequence name) {
            if (failOnHeaders) {
                throw new IllegalStateException("headers are gone");
            }
            String wanted = name.toString().toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
                    values.add(header.getValue());
                }
            }
            return values;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return headers;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("10.1.2.3", 40000);
        }

        @Override
        public Param pathParam(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Param queryParam(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> queryParams(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> pathParams() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> contentType() {
            return Optional.empty();
        }

        @Override
        public byte[] body() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String bodyAsString() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T body(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T body(TypeReference<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long startNanos() {
            return 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> attribute(AttributeKey<T> key) {
            return Optional.ofNullable((T) attributes.get(key));
        }

        @Override
        public <T> void attribute(AttributeKey<T> key, T value) {
            attributes.put(key, value);
        }

        @Override
        public void addResponseHeader(String name, String value) {}

        @Override
        public void onComplete(Consumer<Completion> callback) {}
    }
}
