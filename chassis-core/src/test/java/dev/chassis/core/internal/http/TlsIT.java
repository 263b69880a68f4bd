package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chassis.core.http.Routes;
import dev.chassis.core.internal.tls.HandshakeFailures;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The server over real TLS handshakes, with both providers. */
class TlsIT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    static final TestCertificate SERVER = CA.server("localhost");

    @TempDir
    static Path dir;

    static String pem;

    static final Routes ROUTES =
            r -> r.get("/hello/{name}", req -> "hello, " + req.pathParam("name").asString())
                    .get("/slow", req -> {
                        Thread.sleep(500);
                        return "slow";
                    });

    @BeforeAll
    static void files() {
        SERVER.writePem(dir, "server");
        pem = "certificate: " + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key");
    }

    static TestServer tlsServer(String tlsKeys) throws InterruptedException {
        return TestServer.builder()
                .config("tls: {enabled: true, " + pem + (tlsKeys.isEmpty() ? "" : ", " + tlsKeys) + "}")
                .routes(ROUTES)
                .start();
    }

    static HttpClient client(SSLContext context, String... protocols) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .sslContext(context);
        if (protocols.length > 0) {
            builder.sslParameters(new SSLParameters(null, protocols));
        }
        return builder.build();
    }

    static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void servesHttpsWithEitherProvider(String provider) throws Exception {
        try (TestServer server = tlsServer("provider: " + provider)) {
            assertThat(server.server.tls().provider())
                    .isEqualTo(provider.equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL);
            assertThat(server.server.tlsPort()).isEqualTo(server.port());
            HttpResponse<String> response = get(client(CA.trustingContext()), server.port(), "/hello/tls");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"hello, tls\"");
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls12GetsAnAeadSuite(String provider) throws Exception {
        try (TestServer server = tlsServer("provider: " + provider)) {
            HttpResponse<String> response =
                    get(client(CA.trustingContext(), "TLSv1.2"), server.port(), "/hello/twelve");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(response.sslSession().orElseThrow().getCipherSuite())
                    .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void aClientWithOnlyCbcSuitesIsRefusedAndCounted(String provider) throws Exception {
        try (TestServer server = tlsServer("provider: " + provider);
                SSLSocket socket =
                        (SSLSocket) CA.trustingContext().getSocketFactory().createSocket("localhost", server.port())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    server.counters.tlsHandshakeFailures().get(HandshakeFailures.PROTOCOL))
                            .isEqualTo(1));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServerIsCounted() throws Exception {
        try (TestServer server = tlsServer("");
                SSLSocket socket = (SSLSocket) TestCertificateAuthority.create()
                        .trustingContext()
                        .getSocketFactory()
                        .createSocket("localhost", server.port())) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    server.counters.tlsHandshakeFailures().get(HandshakeFailures.CLIENT_REFUSED))
                            .isEqualTo(1));
        }
    }

    @Test
    void plaintextOnTheTlsPortIs400AndClosed() throws Exception {
        try (TestServer server = tlsServer("")) {
            String answer = RawHttp.exchange(server.port(), "GET /hello/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(answer).contains("connection: close").contains("this port speaks TLS: use https://");
            assertThat(answer).doesNotContain("hello, plain");
            assertThat(server.counters.tlsHandshakeFailures().get(HandshakeFailures.NOT_TLS))
                    .isEqualTo(1);
        }
    }

    @Test
    void aClientHelloOnThePlaintextPortIsClosedAndLogged() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PlainPortGuard.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (TestServer server = TestServer.start(ROUTES);
                SSLSocket socket =
                        (SSLSocket) CA.trustingContext().getSocketFactory().createSocket("localhost", server.port())) {
            socket.setSoTimeout(5000);
            long begin = System.nanoTime();
            assertThatThrownBy(socket::startHandshake).isInstanceOf(java.io.IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(2000);
            await().atMost(Duration.ofSeconds(2)).until(() -> !logs.list.isEmpty());
            assertThat(logs.list.get(0).getFormattedMessage())
                    .contains("to the plaintext port " + server.port() + ": it began a TLS handshake");
            // the port still serves plaintext
            assertThat(RawHttp.exchange(server.port(), "GET /hello/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 OK");
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void anHttp2PrefaceOnTheHttp11PortIs505AndClosed() throws Exception {
        try (TestServer server = TestServer.start(ROUTES);
                RawHttp raw = new RawHttp(server.port())) {
            long begin = System.nanoTime();
            raw.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            String answer = raw.readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 505 ");
            assertThat(answer).contains("HTTP version HTTP/2.0 is not supported (expected: HTTP/1.1)");
            assertThat(raw.closedByServer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(2000);
        }
    }

    @Test
    void aHandshakeThatStallsIsClosedAtTheHandshakeTimeout() throws Exception {
        try (TestServer server = tlsServer("handshake-timeout: 300ms")) {
            for (byte[] start : new byte[][] {{}, {0x16, 0x03}, {0x16, 0x03, 0x01, 0x00, 0x40, 0x01}}) {
                try (RawHttp raw = new RawHttp(server.port())) {
                    long begin = System.nanoTime();
                    raw.send(start);
                    raw.readUntilClosed();
                    assertThat(raw.closedByServer()).isTrue();
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin))
                            .isBetween(200L, 3000L);
                }
            }
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(
                                    server.counters.tlsHandshakeFailures().get(HandshakeFailures.TIMEOUT))
                            .isEqualTo(3));
        }
    }

    @Test
    void limitsHoldOverTls() throws Exception {
        try (TestServer server = tlsServer("");
                Socket socket = CA.trustingContext().getSocketFactory().createSocket("localhost", server.port());
                RawHttp raw = new RawHttp(socket)) {
            raw.send("GET /hello/x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            String answer = raw.readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 431 ");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void drainLetsATlsRequestInFlightFinish() throws Exception {
        TestServer server = tlsServer("");
        try {
            HttpClient client = client(CA.trustingContext());
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/slow"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // a loaded machine may take a while for the first handshake
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> slow.isDone() || server.counters.inFlightRequests() == 1);
            assertThat(slow).isNotDone();
            assertThat(server.server.drain(Duration.ofSeconds(10))).isZero();
            HttpResponse<String> response = slow.get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"slow\"");
            assertThat(response.headers().firstValue("connection")).hasValue("close");
        } finally {
            server.server.stopEventLoops();
        }
    }

    @Test
    void aTlsPortOfItsOwnLeavesTheMainPortPlain() throws Exception {
        try (TestServer server = TestServer.builder()
                .config("tls: {enabled: true, port: 0, " + pem + "}")
                .routes(ROUTES)
                .start()) {
            assertThat(server.server.tlsPort()).isPositive().isNotEqualTo(server.port());
            assertThat(get(client(CA.trustingContext()), server.server.tlsPort(), "/hello/secure")
                            .body())
                    .isEqualTo("\"hello, secure\"");
            assertThat(RawHttp.exchange(
                            server.port(), "GET /hello/plain HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 OK")
                    .endsWith("\"hello, plain\"");
        }
    }
}
