package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server against requests that are malformed, oversized, ambiguous or slow, on raw sockets. */
class HardeningIT {
    private static final AtomicInteger handled = new AtomicInteger();
    /** What listeners heard of each exchange: method, path, status, outcome, rejection. */
    private static final List<String> completions = new CopyOnWriteArrayList<>();

    private static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.builder()
                .config(
                        "max-initial-line-length: 256, max-header-size: 1024, max-header-count: 20, max-content-length: 100, request-head-timeout: 400ms, write-timeout: 500ms")
                .listener(new ExchangeListener() {
                    @Override
                    public void onComplete(Request request, Completion completion) {
                        completions.add(request.method() + " " + request.path() + " " + completion.status() + " "
                                + completion.outcome() + " "
                                + completion.rejection().orElse("-"));
                    }
                })
                .routes(r -> r.get("/hello", req -> {
                            handled.incrementAndGet();
                            return new Message("hello");
                        })
                        .post("/echo", req -> {
                            handled.incrementAndGet();
                            return dev.chassis.core.http.Response.ok().text(req.bodyAsString());
                        })
                        .get("/big/{kib}", req -> {
                            handled.incrementAndGet();
                            return dev.chassis.core.http.Response.ok()
                                    .text("x".repeat(1024 * req.pathParam("kib").asInt()));
                        })
                        .get("/slow/{ms}", req -> {
                            Thread.sleep(req.pathParam("ms").asLong());
                            return new Message("slept " + req.pathParam("ms").asString());
                        }))
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @BeforeEach
    void reset() {
        handled.set(0);
        completions.clear();
    }

    record Message(String message) {}

    private static RawHttp.Response only(String response) {
        List<RawHttp.Response> all = RawHttp.Response.parseAll(response);
        assertThat(all).as("responses in: %s", response).hasSize(1);
        return all.get(0);
    }

    private static void assertRefused(String request, int status, String detailPart) throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(request);
            String text = raw.readUntilClosed();
            RawHttp.Response r = only(text);
            assertThat(r.status()).as(text).isEqualTo(status);
            assertThat(r.header("content-type")).isEqualTo("application/problem+json");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(r.body()).contains("\"status\":" + status).contains(detailPart);
            assertThat(raw.closedByServer()).as("connection closed").isTrue();
        }
        assertThat(handled.get()).as("handler must not run").isZero();
    }

    @Test
    void wellFormedRequestIsAnswered() throws IOException {
        RawHttp.Response r =
                only(RawHttp.exchange(server.port(), "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"message\":\"hello\"}");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("date")).endsWith("GMT");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws IOException {
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400,
                "malformed request");
    }

    @Test
    void transferEncodingOtherThanChunkedIsRefused() throws IOException {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabcd", 400, "chunked");
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400, "chunked");
    }

    @Test
    void duplicateTransferEncodingChunkedIsRefused() throws IOException {
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400,
                "malformed request");
    }

    @Test
    void conflictingContentLengthsAreRefused() throws IOException {
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
                400,
                "malformed");
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
                400,
                "malformed");
    }

    @Test
    void obsoleteLineFoldingInFramingHeadersIsRefused() throws IOException {
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400, "malformed");
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n 3\r\n\r\nabc", 400, "malformed");
    }

    @Test
    void obsoleteLineFoldingInOtherFieldsIsReplacedBySpace() throws IOException {
        RawHttp.Response r = only(
                RawHttp.exchange(
                        server.port(),
                        "POST /echo HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void bareLineFeedIsRefused() throws IOException {
        assertRefused("GET /hello HTTP/1.1\nHost: x\n\n", 400, "malformed");
        assertRefused("GET /hello HTTP/1.1\r\nHost: x\n\r\n", 400, "malformed");
    }

    @Test
    void missingHostIsRefused() throws IOException {
        assertRefused("GET /hello HTTP/1.1\r\n\r\n", 400, "exactly one Host header (got 0)");
    }

    @Test
    void duplicateHostIsRefused() throws IOException {
        assertRefused("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "exactly one Host header (got 2)");
    }

    @Test
    void http10WithoutHostIsAnswered() throws IOException {
        RawHttp.Response r = only(RawHttp.exchange(server.port(), "GET /hello HTTP/1.0\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isEqualTo("close");
    }

    @Test
    void http2RequestLineGets505() throws IOException {
        assertRefused("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505, "not supported");
    }

    @Test
    void http2PriorKnowledgePrefaceIsRefused() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            String text = raw.readUntilClosed();
            assertThat(only(text).status()).isEqualTo(505);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u007f", "\u0001", "\u00e9"})
    void controlOrNonAsciiCharacterInTargetGets400(String c) throws IOException {
        assertRefused("GET /hel" + c + "lo HTTP/1.1\r\nHost: x\r\n\r\n", 400, "request target");
    }

    @Test
    void targetNotStartingWithSlashGets400() throws IOException {
        assertRefused("GET hello HTTP/1.1\r\nHost: x\r\n\r\n", 400, "must start with /");
    }

    @Test
    void absoluteFormTargetIsAccepted() throws IOException {
        RawHttp.Response r = only(RawHttp.exchange(
                server.port(),
                "GET http://example.com/hello HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        RawHttp.Response withPort = only(RawHttp.exchange(
                server.port(),
                "GET http://Example.com:80/hello HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"));
        assertThat(withPort.status()).isEqualTo(200);
    }

    @Test
    void absoluteFormTargetNamingAnotherHostThanTheHostHeaderGets400() throws IOException {
        assertRefused(
                "GET http://other.example/hello HTTP/1.1\r\nHost: example.com\r\n\r\n",
                400,
                "the request target names 'other.example' but the Host header 'example.com'");
        assertRefused(
                "GET http://example.com:8080/hello HTTP/1.1\r\nHost: example.com\r\n\r\n",
                400,
                "the request target names 'example.com:8080'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "a:b", "a:123456", "[::1", "a@b", "%zz"})
    void hostThatIsNotAHostAndPortGets400(String host) throws IOException {
        assertRefused(
                "GET /hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
                400,
                "the Host header is not a host with an optional port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "127.0.0.1:1", "[::1]:8080", "[::1]", "a-b_c~d.e"})
    void hostAndPortFormsAreAccepted(String host) throws IOException {
        RawHttp.Response r = only(RawHttp.exchange(
                server.port(), "GET /hello HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hello/%zz", "/hello%2", "/hello%", "/hello?name=%zz", "/hel%g0lo"})
    void invalidPercentEncodingGets400(String target) throws IOException {
        assertRefused(
                "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n",
                400,
                "that is not followed by two hexadecimal digits");
    }

    @Test
    void invalidPercentEncodingPipelinedAfterAGoodRequestIsAnsweredAndCloses() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            String text = raw.readUntilClosed();
            List<RawHttp.Response> all = RawHttp.Response.parseAll(text);
            assertThat(all).extracting(RawHttp.Response::status).containsExactly(200, 400);
            assertThat(all.get(1).header("content-type")).isEqualTo("application/problem+json");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizeRequestLineGets414() throws IOException {
        assertRefused("GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "request line is too long");
    }

    @Test
    void oversizeHeadersGet431() throws IOException {
        assertRefused("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1200) + "\r\n\r\n", 431, "too large");
    }

    @Test
    void tooManyHeaderFieldsGet431() throws IOException {
        StringBuilder sb = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 25; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        assertRefused(sb.append("\r\n").toString(), 431, "too many header fields (at most 20)");
    }

    @Test
    void oversizeContentLengthGets413BeforeTheBody() throws IOException {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", 413, "larger than 100");
    }

    @Test
    void oversizeChunkedBodyGets413WhenTheCountPassesTheLimit() throws IOException {
        String chunk = "40\r\n" + "c".repeat(64) + "\r\n";
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n",
                413,
                "larger than 100");
    }

    @Test
    void chunkedBodyWithinTheLimitIsAssembled() throws IOException {
        RawHttp.Response r = only(RawHttp.exchange(
                server.port(),
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello world");
    }

    @Test
    void expectContinueWithOversizeBodyGets413WithoutContinue() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\nExpect: 100-continue\r\n\r\n");
            String text = raw.readUntilClosed();
            assertThat(text).doesNotContain("100 Continue");
            assertThat(only(text).status()).isEqualTo(413);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueWithAcceptableBodyGets100ThenTheResponse() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            List<RawHttp.Response> interim = raw.readResponses(1);
            assertThat(interim.get(0).status()).isEqualTo(100);
            raw.send("hello");
            List<RawHttp.Response> all = raw.readResponses(2);
            assertThat(all.get(1).status()).isEqualTo(200);
            assertThat(all.get(1).body()).isEqualTo("hello");
        }
    }

    @Test
    void unknownExpectationGets417() throws IOException {
        assertRefused(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: magic\r\n\r\na", 417, "100-continue");
    }

    @Test
    void trickledHeadIsClosedAtTheDeadline() throws IOException, InterruptedException {
        try (RawHttp raw = new RawHttp(server.port())) {
            long start = System.nanoTime();
            raw.send("GET /hello HTTP/1.1\r\n");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(150);
                try {
                    raw.send("X-Slow-" + i + ": 1\r\n");
                } catch (IOException closed) {
                    break;
                }
            }
            String text = raw.readUntilClosed();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(raw.closedByServer()).isTrue();
            RawHttp.Response r = only(text);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("content-type")).isEqualTo("application/problem+json");
            assertThat(r.body()).contains("the request head did not arrive in time");
            assertThat(elapsedMs).isBetween(400L, 2000L);
        }
        assertThat(handled.get()).isZero();
        // Listeners (the access log, metrics) hear of it as of any refused request.
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(completions).containsExactly("_OTHER * 408 COMPLETED head-timeout"));
        assertThat(server.counters.headTimeouts()).isPositive();
    }

    @Test
    void aClientThatDoesNotReadItsResponseIsClosedAtTheWriteTimeout() throws IOException {
        long before = server.counters.writeTimeouts();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            long start = System.nanoTime();
            socket.getOutputStream()
                    .write("GET /big/16384 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.writeTimeouts() == before + 1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(completions).containsExactly("GET /big/16384 200 WRITE_TIMEOUT -"));
    }

    @Test
    void aClientThatPipelinesWithoutReadingIsNotAnsweredWithoutBound() throws IOException {
        long before = server.counters.writeTimeouts();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            byte[] request = "GET /big/64 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            socket.setSoTimeout(3000);
            try {
                for (int i = 0; i < 2000; i++) {
                    socket.getOutputStream().write(request);
                }
            } catch (IOException closedAtTheWriteTimeout) {
                // the server stopped reading, then closed the connection
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.counters.writeTimeouts() == before + 1);
        }
        // Reading stopped while the responses waited for the client: the socket buffers and
        // Netty's high water mark hold a few responses of 64 KiB, not 2000.
        assertThat(handled.get()).isLessThan(100);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            List<RawHttp.Response> all = raw.readResponses(4);
            assertThat(all)
                    .extracting(RawHttp.Response::body)
                    .containsExactly(
                            "{\"message\":\"slept 300\"}",
                            "{\"message\":\"slept 1\"}",
                            "{\"message\":\"hello\"}",
                            "abc");
        }
    }

    @Test
    void badRequestAfterPipelinedGoodOnesIsAnsweredLastAndCloses() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(
                    "GET /slow/100 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            String text = raw.readUntilClosed();
            List<RawHttp.Response> all = RawHttp.Response.parseAll(text);
            assertThat(all).extracting(RawHttp.Response::status).containsExactly(200, 400);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            for (int i = 1; i <= 3; i++) {
                raw.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(raw.readResponses(i)).hasSize(i);
            }
        }
        assertThat(handled.get()).isEqualTo(3);
    }

    @Test
    void truncatedBodyNeverReachesTheHandler() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(handled.get()).isZero();
    }
}
