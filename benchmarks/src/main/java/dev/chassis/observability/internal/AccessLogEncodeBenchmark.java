package dev.chassis.observability.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.Request;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 41000);
        return (Request) Proxy.newProxyInstance(
                Request.class.getClassLoader(),
                new Class<?>[] {Request.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "method" -> "GET";
                    case "path", "uri" -> "/hello";
                    case "route" -> Optional.of("/hello");
                    case "header" ->
                        "User-Agent".contentEquals((CharSequence) args[0])
                                ? Optional.of("wrk/4.2.0")
                                : Optional.empty();
                    case "headers" -> List.of();
                    case "remoteAddress" -> peer;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Completion completion() {
        return (Completion) Proxy.newProxyInstance(
                Completion.class.getClassLoader(),
                new Class<?>[] {Completion.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "status" -> 200;
                    case "outcome" -> Completion.Outcome.COMPLETED;
                    case "bytesIn" -> 0L;
                    case "bytesOut" -> 19L;
                    case "durationNanos" -> 74_478L;
                    case "failure" -> Optional.empty();
                    case "rejection" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
