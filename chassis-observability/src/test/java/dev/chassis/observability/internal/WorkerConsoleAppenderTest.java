package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LogstashEncoder encoder = new LogstashEncoder();
    private final WorkerConsoleAppender appender = new WorkerConsoleAppender();

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        appender.setOutputStream(out);
    }

    private ILoggingEvent event(String message, Object... arguments) {
        return new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO, message, null, arguments);
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        return lines;
    }

    @Test
    void writesTheSameBytesAsTheEncodersByteArrayForm() {
        ILoggingEvent event = event("paid {}", StructuredArguments.kv("amount", 42));

        appender.doAppend(event);

        assertThat(out.toByteArray()).isEqualTo(encoder.encode(event));
    }

    @Test
    void anEventIsNotPreparedForDeferredProcessingASecondTime() throws IOException {
        AtomicInteger prepared = new AtomicInteger();
        LoggingEvent event =
                new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO, "paid", null, null) {
                    @Override
                    public void prepareForDeferredProcessing() {
                        prepared.incrementAndGet();
                    }
                };

        appender.doAppend(event);

        assertThat(prepared).hasValue(0);
        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactly("paid");
    }

    @Test
    void encodesIntoItsKeptBufferWithoutTheEncodersNewArrayPerEvent() {
        LogstashEncoder arraysRefused = new LogstashEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                throw new AssertionError("a new array for this event");
            }
        };
        arraysRefused.setContext(context);
        arraysRefused.start();
        appender.setEncoder(arraysRefused);

        appender.doAppend(event("first"));
        appender.doAppend(event("second"));

        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(2);
    }

    @Test
    void anEventWhoseEncodingFailsWritesNothingAndLaterEventsAreWritten() throws IOException {
        StructuredArgument failing = new StructuredArgument() {
            @Override
            public void writeTo(JsonGenerator generator) throws IOException {
                generator.writeStringField("half", "written");
                throw new IOException("cannot write this");
            }

            @Override
            public String toString() {
                return "failing";
            }
        };

        appender.doAppend(event("first"));
        appender.doAppend(event("broken {}", failing));
        appender.doAppend(event("third"));

        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactly("first", "third");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("half");
        assertThat(appender.isStarted()).isTrue();
        assertThat(context.getStatusManager().getCopyOfStatusList()).anySatisfy(status -> {
            assertThat(status.getLevel()).isEqualTo(Status.WARN);
            assertThat(status.getThrowable()).hasMessage("cannot write this");
        });
    }

    @Test
    void anEventLargerThanTheKeptBufferIsWrittenWholeAndTheNextOneAfterIt() throws IOException {
        String large = "x".repeat(200_000);

        appender.doAppend(event(large));
        appender.doAppend(event("small"));

        assertThat(lines()).extracting(line -> line.path("message").asText()).containsExactly(large, "small");
    }
}
