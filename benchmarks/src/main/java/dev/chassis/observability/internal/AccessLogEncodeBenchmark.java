package dev.chassis.observability.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.core.type.TypeReference;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one access event as a JSON line, as the log worker does for each request: the
 * chassis' encoder against logstash-logback-encoder's general one set up with the same fields
 * (the output is the same, byte for byte). The event is that of {@code GET /hello} from wrk;
 * its instant moves by a microsecond per call, so the timestamp is formatted each time as in a
 * running service.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 AccessLogEncode}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessLogEncodeBenchmark {
    private static final Map<String, String> FIELDS =
            Map.of("service", "hello-service", "version", "0.1.0", "instance", "host-1");

    private final LoggerContext context = new LoggerContext();
    private final JsonLogEncoder chassis = new JsonLogEncoder(FIELDS);
    private final LogstashEncoder general = JsonLogEncoder.configure(new LogstashEncoder(), FIELDS);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private LoggingEvent event;
    private Instant instant = Instant.parse("2026-12-02T15:00:00Z");

    @Setup
    public void setUp() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        chassis.setContext(context);
        chassis.start();
        general.setContext(context);
        general.start();
        SpanContext span = SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getDefault(),
                TraceState.getDefault());
        AccessLogListener.AccessEvent access = new AccessLogListener.AccessEvent(
                request(), completion(), "55057dbc44c0ec9fe7ebf658cde793d7", span, false, new String[0]);
        event = new LoggingEvent(
                AccessLogListener.class.getName(), context.getLogger("access"), Level.INFO, "{}", null, new Object[] {
                    access
                });
        event.setThreadName("chassis-io-1-1");
        event.setMDCPropertyMap(Map.of());
    }

    private void nextInstant() {
        instant = instant.plusNanos(1_013);
        event.setInstant(instant);
    }

    @Benchmark
    public int chassisEncoder() throws IOException {
        nextInstant();
        out.reset();
        chassis.encode(event, out);
        return out.size();
    }

    @Benchmark
    public int generalEncoder() throws IOException {
        nextInstant();
        out.reset();
        general.encode(event, out);
        return out.size();
    }

    private static Request request() {
        return new HelloRequest();
    }

    private static Completion completion() {
        return new HelloCompletion();
    }

    /**
     * {@code GET /hello} from wrk, its answers made once: what the encoder costs is measured
     * apart from the request it reads (a proxy's reflective calls would cost more than the
     * encoding).
     */
    private static final class HelloRequest implements Request {
        private static final Optional<String> ROUTE = Optional.of("/hello");
        private static final Optional<String> USER_AGENT = Optional.of("wrk/4.2.0");
        private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 41000);

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/hello";
        }

        @Override
        public String uri() {
            return "/hello";
        }

        @Override
        public Optional<String> route() {
            return ROUTE;
        }

        @Override
        public Optional<String> header(CharSequence name) {
            return "User-Agent".contentEquals(name) ? USER_AGENT : Optional.empty();
        }

        @Override
        public List<String> headers(CharSequence name) {
            return List.of();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return PEER;
        }

        @Override
        public Param pathParam(String name) {
            throw unused();
        }

        @Override
        public Param queryParam(String name) {
            throw unused();
        }

        @Override
        public List<String> queryParams(String name) {
            throw unused();
        }

        @Override
        public Map<String, String> pathParams() {
            throw unused();
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            throw unused();
        }

        @Override
        public Optional<String> contentType() {
            throw unused();
        }

        @Override
        public byte[] body() {
            throw unused();
        }

        @Override
        public String bodyAsString() {
            throw unused();
        }

        @Override
        public <T> T body(Class<T> type) {
            throw unused();
        }

        @Override
        public <T> T body(TypeReference<T> type) {
            throw unused();
        }

        @Override
        public long startNanos() {
            throw unused();
        }

        @Override
        public <T> Optional<T> attribute(AttributeKey<T> key) {
            throw unused();
        }

        @Override
        public <T> void attribute(AttributeKey<T> key, T value) {
            throw unused();
        }

        @Override
        public void addResponseHeader(String name, String value) {
            throw unused();
        }

        @Override
        public void onComplete(Consumer<Completion> callback) {
            throw unused();
        }
    }

    private static final class HelloCompletion implements Completion {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public Outcome outcome() {
            return Outcome.COMPLETED;
        }

        @Override
        public long bytesIn() {
            return 0;
        }

        @Override
        public long bytesOut() {
            return 19;
        }

        @Override
        public long durationNanos() {
            return 74_478;
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.empty();
        }

        @Override
        public Optional<String> rejection() {
            return Optional.empty();
        }
    }

    /** The encoder reads none of these. */
    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not read by the access log encoder");
    }
}
