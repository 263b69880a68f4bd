package dev.chassis.benchmarks.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.benchmarks.baseline.RawNettyServer;
import dev.chassis.benchmarks.client.BareClientApp;
import dev.chassis.benchmarks.client.ObservedClientApp;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.core.internal.json.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * One blocking call of a downstream over loopback, {@code GET /hello} read into a record, made
 * three ways: with the JDK's {@link HttpClient} (HTTP/1.1, keep-alive) and Jackson; with the
 * chassis client and nothing around it; and with the chassis client as a composed service has it,
 * through the downstream's resilience policies, with correlation ID and trace context propagated
 * and the client's meters recorded. Each is measured from one caller thread and from four at once,
 * so that the connection pools and shared policy state are exercised. The downstream is
 * {@link RawNettyServer}, started in the same JVM on a port of its own; each benchmark runs in its
 * own fork, so only its own client exists there.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 3s ClientCall}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED"})
public class ClientCallBenchmark {
    /** The downstream's name in the chassis' configuration. */
    static final String DOWNSTREAM = "hello";

    /** What {@code /hello} answers, as the caller reads it. */
    public record Message(String message) {}

    /** The loopback downstream: one event loop of its own. */
    @State(Scope.Benchmark)
    public static class Downstream {
        RawNettyServer server;
        URI base;

        @Setup
        public void start() throws InterruptedException {
            server = RawNettyServer.start(0, 1);
            base = URI.create("http://127.0.0.1:" + server.port());
            stopOnExit(server::close);
        }
    }

    /** The JDK's client, HTTP/1.1, with the chassis' Jackson mapper to read the body. */
    @State(Scope.Benchmark)
    public static class Jdk {
        HttpClient client;
        ObjectMapper mapper;
        URI uri;

        @Setup
        public void start(Downstream downstream) throws IOException, InterruptedException {
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            mapper = JsonCodec.defaultMapper(List.of());
            uri = downstream.base.resolve("/hello");
            check(call(this));
        }
        // HttpClient.close() needs Java 21; the client's threads end with the fork.
    }

    /** The chassis client in a service with the core module only: no policies, no observers. */
    @State(Scope.Benchmark)
    public static class Bare {
        Service service;
        ServiceClients clients;

        @Setup
        public void start(Downstream downstream) {
            BareClientApp app = BareClientApp.create(config(downstream, ""));
            service = app.service();
            clients = app.clients();
            service.start();
            stopOnExit(service::stop);
            check(call(clients));
        }
    }

    /**
     * The chassis client in a service with observability and resilience, every policy of the
     * downstream on: retries with their budget, the bulkhead, the instance's circuit breaker, a
     * per-attempt timeout and the last-good fallback (the rate limiter, off by default, stays off).
     */
    @State(Scope.Benchmark)
    public static class Observed {
        Service service;
        ServiceClients clients;

        @Setup
        public void start(Downstream downstream) {
            ObservedClientApp app = ObservedClientApp.create(config(downstream, """
                    observability: {instance: bench-1}
                    resilience:
                      hello:
                        timeout: {per-attempt: 2s}
                        fallback: {mode: last-good}
                    """));
            service = app.service();
            clients = app.clients();
            service.start();
            stopOnExit(service::stop);
            check(call(clients));
        }
    }

    /**
     * A caller thread as a request handler's would be: with a correlation ID in its MDC, which the
     * observed client sends on and the others ignore.
     */
    @State(Scope.Thread)
    public static class Caller {
        @Setup
        public void enter() {
            MDC.put("correlationId", "bench-" + Thread.currentThread().getId());
        }

        @TearDown
        public void leave() {
            MDC.clear();
        }
    }

    /**
     * Stops what a state started when the fork exits rather than in a {@code @TearDown}: JMH tears
     * a trial down before its profilers see the last iteration end, and {@link CpuProfiler} would
     * count the stopping and miss the stopped threads' context switches.
     */
    static void stopOnExit(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
    }

    static Config config(Downstream downstream, String more) {
        return Config.builder()
                .yaml("benchmark", """
                        service: {name: caller, version: 1.0.0}
                        server: {host: 127.0.0.1, port: 0}
                        lifecycle: {propagation-delay: 0s}
                        clients:
                          %s: {urls: ["%s"]}
                        """.formatted(DOWNSTREAM, downstream.base) + more)
                .build();
    }

    static Message call(Jdk jdk) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(jdk.uri)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = jdk.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("status " + response.statusCode());
        }
        return jdk.mapper.readValue(response.body(), Message.class);
    }

    static Message call(ServiceClients clients) {
        return clients.get(DOWNSTREAM).get("/hello").send(Message.class);
    }

    static void check(Message message) {
        if (!"hello".equals(message.message())) {
            throw new IllegalStateException("unexpected answer: " + message);
        }
    }

    @Benchmark
    public Message jdkHttpClient(Jdk jdk, Caller caller) throws IOException, InterruptedException {
        return call(jdk);
    }

    @Benchmark
    public Message chassisBare(Bare bare, Caller caller) {
        return call(bare.clients);
    }

    @Benchmark
    public Message chassisObserved(Observed observed, Caller caller) {
        return call(observed.clients);
    }

    @Benchmark
    @Threads(4)
    public Message jdkHttpClient4Threads(Jdk jdk, Caller caller) throws IOException, InterruptedException {
        return call(jdk);
    }

    @Benchmark
    @Threads(4)
    public Message chassisBare4Threads(Bare bare, Caller caller) {
        return call(bare.clients);
    }

    @Benchmark
    @Threads(4)
    public Message chassisObserved4Threads(Observed observed, Caller caller) {
        return call(observed.clients);
    }
}
