package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gzip responses by each rule, and gzip request bodies inflated up to the cap. */
class CompressionIT {
    static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(100);
    static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    static final Routes ROUTES = r -> r.get("/text", req -> Response.ok().text(TEXT))
            .get("/small", req -> Response.ok().text("short"))
            .get("/png", req -> Response.ok().bytes(TEXT.getBytes(StandardCharsets.US_ASCII), "image/png"))
            .get("/json", req -> Response.ok(java.util.Map.of("text", TEXT)))
            .get(
                    "/no-transform",
                    req -> Response.ok()
                            .header("Cache-Control", "public, no-transform")
                            .text(TEXT))
            .get("/vary", req -> Response.ok().header("Vary", "Origin").text(TEXT))
            .get("/etag", req -> Response.ok().header("ETag", "\"v1\"").text(TEXT))
            .get("/missing", req -> {
                throw dev.chassis.core.http.HttpStatusException.notFound(TEXT);
            })
            .post(
                    "/echo",
                    req -> Response.ok()
                            .text(req.bodyAsString() + "|"
                                    + req.header("Content-Encoding").orElse("none")));

    static TestServer server;
    static TestServer off;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.builder()
                .config("max-content-length: 1MiB, compression: {enabled: true, inflate-requests: true}")
                .routes(ROUTES)
                .start();
        off = TestServer.builder().routes(ROUTES).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
        off.close();
    }

    static HttpResponse<byte[]> get(TestServer s, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void aCompressibleBodyIsGzippedForAClientThatAcceptsIt() throws Exception {
        HttpResponse<byte[]> r = get(server, "/text", "gzip, deflate");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("vary")).hasValue("accept-encoding");
        assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(r.body().length));
        assertThat(r.body().length).isLessThan(TEXT.length() / 5);
        assertThat(gunzip(r.body())).isEqualTo(TEXT);
    }

    @Test
    void jsonAndProblemsAreCompressible() throws Exception {
        HttpResponse<byte[]> json = get(server, "/json", "gzip");
        assertThat(json.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(json.body())).startsWith("{\"text\":\"the quick");
        HttpResponse<byte[]> problem = get(server, "/missing", "gzip");
        assertThat(problem.statusCode()).isEqualTo(404);
        assertThat(problem.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(problem.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(problem.body())).contains("\"status\":404");
    }

    @Test
    void qValuesDecide() throws Exception {
        assertThat(get(server, "/text", "gzip;q=0").headers().firstValue("content-encoding"))
                .isEmpty();
        assertThat(get(server, "/text", "identity;q=1, gzip;q=0.5").headers().firstValue("content-encoding"))
                .isEmpty();
        assertThat(get(server, "/text", "br;q=1, *;q=0.3").headers().firstValue("content-encoding"))
                .hasValue("gzip");
        HttpResponse<byte[]> br = get(server, "/text", "br");
        assertThat(br.headers().firstValue("content-encoding")).isEmpty();
        assertThat(br.headers().firstValue("vary")).hasValue("accept-encoding");
        assertThat(new String(br.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        assertThat(get(server, "/text", null).headers().firstValue("content-encoding"))
                .isEmpty();
    }

    @Test
    void aBodyBelowTheMinimumSizeGoesAsItIs() throws Exception {
        HttpResponse<byte[]> r = get(server, "/small", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        assertThat(r.headers().firstValue("vary")).isEmpty();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("short");
    }

    @Test
    void onlyCompressibleTypesAreCompressed() throws Exception {
        HttpResponse<byte[]> r = get(server, "/png", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        assertThat(r.headers().firstValue("vary")).isEmpty();
        assertThat(r.body()).hasSize(TEXT.length());
    }

    @Test
    void noTransformIsRespected() throws Exception {
        HttpResponse<byte[]> r = get(server, "/no-transform", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void varyIsAddedToAndAStrongEtagBecomesWeak() throws Exception {
        assertThat(get(server, "/vary", "gzip").headers().firstValue("vary")).hasValue("Origin, Accept-Encoding");
        HttpResponse<byte[]> etag = get(server, "/etag", "gzip");
        assertThat(etag.headers().firstValue("etag")).hasValue("W/\"v1\"");
        assertThat(get(server, "/etag", "identity").headers().firstValue("etag"))
                .hasValue("\"v1\"");
    }

    @Test
    void offByDefault() throws Exception {
        HttpResponse<byte[]> r = get(off, "/text", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).isEmpty();
        assertThat(r.headers().firstValue("vary")).isEmpty();
    }

    static HttpResponse<String> post(TestServer s, byte[] body, String encoding) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/echo"))
                        .header("Content-Encoding", encoding)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGzipRequestBodyReachesTheHandlerInflated() throws Exception {
        HttpResponse<String> r = post(server, gzip("hello, inflated".getBytes(StandardCharsets.UTF_8)), "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello, inflated|none");
    }

    @Test
    void aZipBombIs413WithoutInflatingItAll() throws Exception {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        long begin = System.nanoTime();
        HttpResponse<String> r = post(server, bomb, "gzip");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("the request body inflates to more than 1MiB");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        // exactly at the limit still passes
        assertThat(post(server, gzip(new byte[1024 * 1024]), "gzip").statusCode())
                .isEqualTo(200);
        assertThat(post(server, gzip(new byte[1024 * 1024 + 1]), "gzip").statusCode())
                .isEqualTo(413);
    }

    @Test
    void aBodyThatIsNotGzipIs400AndOtherEncodingsAre415() throws Exception {
        HttpResponse<String> bad = post(server, "plain".getBytes(StandardCharsets.US_ASCII), "gzip");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not valid gzip");
        HttpResponse<String> br = post(server, "x".getBytes(StandardCharsets.US_ASCII), "br");
        assertThat(br.statusCode()).isEqualTo(415);
        assertThat(br.body()).contains("Content-Encoding 'br' is not supported (expected: gzip)");
    }

    @Test
    void withoutInflationTheBodyReachesTheHandlerAsSent() throws Exception {
        HttpResponse<String> r = post(off, "raw".getBytes(StandardCharsets.US_ASCII), "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("raw|gzip");
    }
}
