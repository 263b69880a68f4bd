package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.context.Deadline;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection and concurrency limits. */
class LimitsIT {
    record Done(String what) {}

    @Test
    void fullPoolAnswers503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> rejections = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.builder()
                .config("executor: pool, worker-threads: 1, worker-queue: 0")
                .routes(r -> r.get("/block", req -> {
                    release.await(10, TimeUnit.SECONDS);
                    return new Done("blocked");
                }))
                .listener(new ExchangeListener() {
                    @Override
                    public void onComplete(Request request, Completion completion) {
                        completion.rejection().ifPresent(rejections::add);
                    }
                })
                .start()) {
            try (RawHttp first = new RawHttp(server.port());
                    RawHttp second = new RawHttp(server.port())) {
                first.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.inFlightRequests() == 1);
                long start = System.nanoTime();
                second.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response rejected = second.readResponses(1).get(0);
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
                assertThat(rejected.status()).isEqualTo(503);
                assertThat(rejected.header("retry-after")).isEqualTo("1");
                assertThat(rejected.body()).contains("limit of concurrent requests");
                release.countDown();
                assertThat(first.readResponses(1).get(0).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> rejections.contains("pool-full"));
        }
    }

    @Test
    void maxConcurrentRequestsAnswers503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.builder()
                .config("max-concurrent-requests: 1")
                .routes(r -> r.get("/block", req -> {
                    release.await(10, TimeUnit.SECONDS);
                    return new Done("blocked");
                }))
                .start()) {
            try (RawHttp first = new RawHttp(server.port());
                    RawHttp second = new RawHttp(server.port())) {
                first.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.inFlightRequests() == 1);
                second.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(second.readResponses(1).get(0).status()).isEqualTo(503);
                release.countDown();
                assertThat(first.readResponses(1).get(0).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedOnAccept() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("max-connections: 1")
                .routes(r -> r.get("/x", req -> new Done("x")))
                .start()) {
            try (RawHttp first = new RawHttp(server.port())) {
                first.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(first.readResponses(1).get(0).status()).isEqualTo(200);
                try (RawHttp second = new RawHttp(server.port())) {
                    second.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(second.readUntilClosed()).isEmpty();
                    assertThat(second.closedByServer()).isTrue();
                }
                assertThat(server.counters.rejectedConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void lastRequestOfAConnectionGetsConnectionClose() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("max-requests-per-connection: 2")
                .routes(r -> r.get("/x", req -> new Done("x")))
                .start()) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(raw.readResponses(1).get(0).header("connection")).isNull();
                raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
                raw.readUntilClosed();
                List<RawHttp.Response> all = RawHttp.Response.parseAll(raw.text());
                assertThat(all.get(1).header("connection")).isEqualTo("close");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("idle-timeout: 300ms")
                .routes(r -> r.get("/x", req -> new Done("x")))
                .start()) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
                raw.readResponses(1);
                long start = System.nanoTime();
                raw.readUntilClosed();
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(raw.closedByServer()).isTrue();
                assertThat(ms).isBetween(150L, 2000L);
            }
        }
    }

    @Test
    void slowBodyGets408AtTheRequestTimeout() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("request-timeout: 300ms")
                .routes(r -> r.post("/x", req -> new Done(req.bodyAsString())))
                .start()) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
                RawHttp.Response r =
                        RawHttp.Response.parseAll(raw.readUntilClosed()).get(0);
                assertThat(r.status()).isEqualTo(408);
                assertThat(r.body()).contains("request body did not arrive in time");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void theHandlersDeadlineRunsFromTheEndOfTheHeadSoASlowBodyIsSpentFromIt() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("request-timeout: 3s")
                .routes(r -> r.post(
                        "/x",
                        req -> new Done(String.valueOf(
                                Deadline.current().orElseThrow().remaining().toMillis()))))
                .start()) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na");
                Thread.sleep(1_000);
                raw.send("bc");
                RawHttp.Response r = raw.readResponses(1).get(0);
                assertThat(r.status()).isEqualTo(200);
                long remaining = Long.parseLong(r.body().replaceAll("\\D", ""));
                // The second the body took is gone from the three; from the body's end all three
                // would be left. (The server may read the head a little after it was sent, on a
                // busy machine, so a few milliseconds more than two seconds can be left.)
                assertThat(remaining).isBetween(1L, 2_500L);
            }
        }
    }

    @Test
    void clientClosingMidRequestIsCountedAndFreesTheSlot() throws Exception {
        List<Completion.Outcome> outcomes = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.builder()
                .routes(r -> r.get("/slow", req -> {
                    Thread.sleep(300);
                    return new Done("late");
                }))
                .listener(new ExchangeListener() {
                    @Override
                    public void onComplete(Request request, Completion completion) {
                        outcomes.add(completion.outcome());
                    }
                })
                .start()) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                await().atMost(Duration.ofSeconds(2)).until(() -> server.counters.inFlightRequests() == 1);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> server.counters.inFlightRequests() == 0);
            await().atMost(Duration.ofSeconds(2)).until(() -> outcomes.contains(Completion.Outcome.CLIENT_CLOSED));
        }
    }
}
