package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.config.DataSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    private static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.builder()
                .config(c -> c.maxInitialLineLength(DataSize.ofBytes(256))
                        .maxHeaderSize(DataSize.ofBytes(1024))
                        .maxHeaderCount(20)
                        .maxContentLength(DataSize.ofBytes(100))
                        .requestHeadTimeout(Duration.ofMillis(400)))
                .routes(r -> r.get("/hello", req -> {
                            handled.incrementAndGet();
                            return new Message("hello");
                        })
                        .post("/echo", req -> {
                            handled.incrementAndGet();
                            return dev.chassis.core.http.Response.ok().text(req.bodyAsString());
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
            assertThat(only(text).status()).isEqualTo(408);
            assertThat(elapsedMs).isBetween(400L, 2000L);
        }
        assertThat(handled.get()).isZero();
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
