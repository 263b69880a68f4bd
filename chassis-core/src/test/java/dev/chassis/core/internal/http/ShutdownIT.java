package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Draining: what was accepted is answered, what comes later is refused. */
class ShutdownIT {
    record Slept(long ms) {}

    private static TestServer slowServer() throws InterruptedException {
        return TestServer.builder()
                .config("worker-threads: 256, worker-queue: 0, max-concurrent-requests: 1000")
                .routes(r -> r.get("/slow/{ms}", req -> {
                            long ms = req.pathParam("ms").asLong();
                            Thread.sleep(ms);
                            return new Slept(ms);
                        })
                        .get("/fast", req -> new Slept(0)))
                .start();
    }

    @Test
    void twoHundredSlowRequestsInFlightWhenStopBeginsAreAllAnswered() throws Exception {
        TestServer server = slowServer();
        HttpClient client = HttpClient.newBuilder().build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        // Three seconds each: long enough that all 200 are in flight together on a busy machine.
        for (int i = 0; i < 200; i++) {
            responses.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow/3000"))
                            .build(),
                    BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.counters.inFlightRequests() == 200);

        long aborted = server.server.drain(Duration.ofSeconds(20));

        assertThat(aborted).isZero();
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            HttpResponse<String> r = f.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"ms\":3000}");
            assertThat(r.headers().firstValue("connection")).hasValue("close");
        }
        assertThat(server.counters.inFlightRequests()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        server.server.stopEventLoops();
    }

    @Test
    void idleKeepAliveConnectionsAreClosedWhenDrainingStarts() throws Exception {
        TestServer server = slowServer();
        try (RawHttp idle = new RawHttp(server.port())) {
            idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.readResponses(1).get(0).status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(server.server.drain(Duration.ofSeconds(10))).isZero();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
            idle.readUntilClosed();
            assertThat(idle.closedByServer()).isTrue();
        }
        server.server.stopEventLoops();
    }

    @Test
    void aRequestSentJustAfterDrainingStartsOnAnIdleConnectionIsAnswered() throws Exception {
        TestServer server = slowServer();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readResponses(1).get(0).status()).isEqualTo(200);
            CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.server.drain(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The listener closes at once; the idle connection waits a moment for a request on its way.
            await().atMost(Duration.ofSeconds(5))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close())
                            .isInstanceOf(ConnectException.class));
            raw.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            List<RawHttp.Response> all = RawHttp.Response.parseAll(raw.readUntilClosed());
            assertThat(all).extracting(RawHttp.Response::status).containsExactly(200, 200);
            assertThat(all.get(1).header("connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
            assertThat(drained.get(5, TimeUnit.SECONDS)).isZero();
        }
        server.server.stopEventLoops();
    }

    @Test
    void underLoadEveryRequestSentOnAnAcceptedConnectionIsAnswered() throws Exception {
        TestServer server = slowServer();
        int clients = 50;
        List<RawHttp> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(new RawHttp(server.port()));
        }
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
        for (RawHttp raw : connections) {
            outcomes.add(pool.submit(() -> {
                // Keep-alive requests back to back, as a load generator sends them, until a
                // response says the connection closes; anything else is a lost request.
                for (int n = 1; ; n++) {
                    raw.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
                    List<RawHttp.Response> got;
                    try {
                        got = raw.readResponses(n);
                    } catch (java.io.IOException e) {
                        return "request " + n + ": " + e;
                    }
                    if (got.size() < n) {
                        return "request " + n + ": the connection closed with no answer";
                    }
                    answered.incrementAndGet();
                    if ("close".equals(got.get(n - 1).header("connection"))) {
                        return "closed after " + n;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > 2000);

        assertThat(server.server.drain(Duration.ofSeconds(10))).isZero();

        for (java.util.concurrent.Future<String> outcome : outcomes) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).startsWith("closed after ");
        }
        pool.shutdown();
        for (RawHttp raw : connections) {
            raw.close();
        }
        server.server.stopEventLoops();
    }

    @Test
    void requestPipelinedBeforeTheDrainIsStillAnswered() throws Exception {
        TestServer server = slowServer();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.inFlightRequests() == 2);
            assertThat(server.server.drain(Duration.ofSeconds(10))).isZero();
            String text = raw.readUntilClosed();
            List<RawHttp.Response> all = RawHttp.Response.parseAll(text);
            assertThat(all).extracting(RawHttp.Response::status).containsExactly(200, 200);
            assertThat(all.get(0).header("connection")).isNull();
            assertThat(all.get(1).header("connection")).isEqualTo("close");
        }
        server.server.stopEventLoops();
    }

    @Test
    void whatOutlivesTheGracePeriodIsAnswered503AndCounted() throws Exception {
        TestServer server = slowServer();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /slow/5000 HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.inFlightRequests() == 1);
            long start = System.nanoTime();
            assertThat(server.server.drain(Duration.ofMillis(300))).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
            RawHttp.Response r =
                    RawHttp.Response.parseAll(raw.readUntilClosed()).get(0);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("the server is shutting down");
            assertThat(server.counters.abortedRequests()).isEqualTo(1);
        }
        server.server.stopEventLoops();
    }
}
