package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Routes;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 through ALPN over real TLS, and h2c by prior knowledge, on the same request path as HTTP/1.1. */
class Http2IT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    static final TestCertificate SERVER = CA.server("localhost");

    @TempDir
    static Path dir;

    static String pem;

    static final Routes ROUTES =
            r -> r.get("/hello/{name}", req -> "hello, " + req.pathParam("name").asString());

    /** What each completed exchange reported: protocol, route template, status, secure. */
    final List<String> seen = new CopyOnWriteArrayList<>();

    final ExchangeListener recorder = new ExchangeListener() {
        @Override
        public void onComplete(dev.chassis.core.http.Request request, dev.chassis.core.http.Completion completion) {
            seen.add(request.protocol() + " " + request.route().orElse("-") + " " + completion.status() + " "
                    + request.secure());
        }
    };

    @BeforeAll
    static void files() {
        SERVER.writePem(dir, "server");
        pem = "certificate: " + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key");
    }

    TestServer tlsServer(String http2) throws InterruptedException {
        return TestServer.builder()
                .config("tls: {enabled: true, " + pem + "}, http2: {" + http2 + "}")
                .routes(ROUTES)
                .listener(recorder)
                .start();
    }

    static HttpResponse<String> get(HttpClient.Version version, int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(version)
                .sslContext(CA.trustingContext())
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void alpnChoosesH2AndTheRouteAnswersAsOverHttp11() throws Exception {
        try (TestServer server = tlsServer("enabled: true")) {
            HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2, server.port(), "/hello/two");
            assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(h2.statusCode()).isEqualTo(200);
            assertThat(h2.body()).isEqualTo("\"hello, two\"");
            HttpResponse<String> h1 = get(HttpClient.Version.HTTP_1_1, server.port(), "/hello/one");
            assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(h1.body()).isEqualTo("\"hello, one\"");
            HttpResponse<String> missing = get(HttpClient.Version.HTTP_2, server.port(), "/nowhere");
            assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(missing.body()).contains("\"status\":404");
            await(3);
            assertThat(seen)
                    .containsExactly(
                            "HTTP/2.0 /hello/{name} 200 true",
                            "HTTP/1.1 /hello/{name} 200 true",
                            "HTTP/2.0 - 404 true");
        }
    }

    @Test
    void withoutHttp2TheTlsPortOffersOnlyHttp11() throws Exception {
        try (TestServer server = tlsServer("enabled: false")) {
            HttpResponse<String> response = get(HttpClient.Version.HTTP_2, server.port(), "/hello/one");
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void h2cByPriorKnowledgeOnThePlaintextPort() throws Exception {
        try (TestServer server = TestServer.builder()
                        .config("http2: {enabled: true}")
                        .routes(ROUTES)
                        .listener(recorder)
                        .start();
                H2cClient client = H2cClient.connect(server.port())) {
            FullHttpResponse ok = client.get("/hello/clear");
            try {
                assertThat(ok.status().code()).isEqualTo(200);
                assertThat(ok.content().toString(StandardCharsets.UTF_8)).isEqualTo("\"hello, clear\"");
            } finally {
                ok.release();
            }
            FullHttpResponse missing = client.get("/nowhere");
            try {
                assertThat(missing.status().code()).isEqualTo(404);
                assertThat(missing.headers().get("content-type")).isEqualTo("application/problem+json");
            } finally {
                missing.release();
            }
            await(2);
            assertThat(seen).containsExactly("HTTP/2.0 /hello/{name} 200 false", "HTTP/2.0 - 404 false");
        }
    }

    @Test
    void stopSendsGoAwayAndLetsTheOpenStreamFinish() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        TestServer server = TestServer.builder()
                .config("http2: {enabled: true}")
                .routes(r -> r.get("/slow", req -> {
                    handled.incrementAndGet();
                    started.countDown();
                    Thread.sleep(700);
                    return "slow";
                }))
                .start();
        try (H2cClient client = H2cClient.connect(server.port())) {
            CompletableFuture<FullHttpResponse> slow = client.send("/slow");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> stop = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.server.drain(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            io.netty.handler.codec.http2.Http2FrameCodec codec =
                    client.channel.pipeline().get(io.netty.handler.codec.http2.Http2FrameCodec.class);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> codec.connection().goAwayReceived());
            CompletableFuture<FullHttpResponse> late = client.send("/slow");
            FullHttpResponse response = slow.get(5, TimeUnit.SECONDS);
            try {
                assertThat(response.status().code()).isEqualTo(200);
                assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("\"slow\"");
            } finally {
                response.release();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(late::isDone);
            assertThat(late).isCompletedExceptionally();
            assertThat(stop.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(handled).hasValue(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !client.channel.isActive());
        } finally {
            server.server.stopEventLoops();
        }
    }

    private void await(int exchanges) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= exchanges);
    }

    /** A Netty HTTP/2 client speaking h2c by prior knowledge: one stream per request. */
    static final class H2cClient implements AutoCloseable {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel;

        static H2cClient connect(int port) throws InterruptedException {
            H2cClient client = new H2cClient();
            client.channel = new Bootstrap()
                    .group(client.group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(Http2FrameCodecBuilder.forClient().build())
                                    .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                        }
                    })
                    .connect("127.0.0.1", port)
                    .sync()
                    .channel();
            return client;
        }

        FullHttpResponse get(String path) throws Exception {
            return send(path).get(5, TimeUnit.SECONDS);
        }

        CompletableFuture<FullHttpResponse> send(String path) throws Exception {
            CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                                    .addLast(new HttpObjectAggregator(1 << 20))
                                    .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                            response.complete(msg.retain());
                                        }
                                    });
                        }
                    })
                    .open()
                    .await()
                    .getNow();
            if (stream == null) {
                response.completeExceptionally(new IllegalStateException("no new stream on this connection"));
                return response;
            }
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            request.headers().set("host", "localhost").set("x-http2-scheme", "http");
            stream.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    response.completeExceptionally(f.cause());
                }
            });
            stream.closeFuture().addListener(f -> response.completeExceptionally(new IllegalStateException("reset")));
            return response;
        }

        @Override
        public void close() {
            channel.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
