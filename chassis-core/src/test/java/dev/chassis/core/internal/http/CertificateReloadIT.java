package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chassis.core.internal.tls.ServerTls;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Certificates swapped on disk under a running server. */
class CertificateReloadIT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ServerTls.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private TestServer start(TestCertificate first, String provider) throws InterruptedException {
        first.writePem(dir, "server");
        return TestServer.builder()
                .config("tls: {enabled: true, provider: " + provider + ", reload-interval: 100ms, certificate: "
                        + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key") + "}")
                .routes(TlsIT.ROUTES)
                .start();
    }

    /** A kept-alive TLS connection: the certificate it was served, and requests over it. */
    static final class Connection implements AutoCloseable {
        final SSLSocket socket;

        Connection(int port) throws Exception {
            socket = (SSLSocket) CA.trustingContext().getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout(5000);
            socket.startHandshake();
        }

        X509Certificate served() throws Exception {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }

        String get(String path) throws Exception {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            while (!text.toString().contains("\r\n\r\n") || !complete(text.toString())) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                text.append((char) b);
            }
            return text.toString();
        }

        private static boolean complete(String text) {
            int head = text.indexOf("\r\n\r\n");
            String lower = text.substring(0, head).toLowerCase(java.util.Locale.ROOT);
            int at = lower.indexOf("content-length:");
            int length = Integer.parseInt(
                    lower.substring(at + 15, lower.indexOf("\r\n", at)).strip());
            return text.length() - head - 4 >= length;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void newHandshakesGetTheNewPairAndOpenConnectionsAreUntouched(String provider) throws Exception {
        TestCertificate first = CA.server("localhost");
        TestCertificate second = CA.server("localhost");
        try (TestServer server = start(first, provider);
                Connection before = new Connection(server.port())) {
            assertThat(before.served()).isEqualTo(first.certificate());
            assertThat(before.get("/hello/one")).startsWith("HTTP/1.1 200").endsWith("\"hello, one\"");

            // as a secret rotation does: each file replaced whole, the key last
            second.writeCertificatePem(dir.resolve("server.crt"));
            second.writePrivateKeyPem(dir.resolve("server.key"));

            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Connection after = new Connection(server.port())) {
                    return after.served().equals(second.certificate());
                }
            });
            assertThat(before.get("/hello/still")).startsWith("HTTP/1.1 200").endsWith("\"hello, still\"");
            assertThat(before.served()).isEqualTo(first.certificate());
            assertThat(server.server.tls().certificate()).isEqualTo(second.certificate());
            assertThat(logs.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("TLS certificate reloaded from ["));
        }
    }

    @Test
    void aBadNewFileIsRefusedWithALogLineAndTheOldPairKeepsServing() throws Exception {
        TestCertificate first = CA.server("localhost");
        try (TestServer server = start(first, "auto")) {
            Path crt = dir.resolve("server.crt");
            // a certificate whose key is not the one on disk
            CA.server("localhost").writeCertificatePem(crt);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> logs.list.stream()
                            .anyMatch(e -> e.getFormattedMessage().startsWith("refused changed TLS files")));
            assertThat(logs.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.startsWith("refused changed TLS files"))
                    .singleElement()
                    .asString()
                    .contains("server.tls.certificate: " + crt
                            + " holds a certificate for CN=localhost that does not match the private key")
                    .contains("new connections keep the certificate loaded before");
            try (Connection after = new Connection(server.port())) {
                assertThat(after.served()).isEqualTo(first.certificate());
                assertThat(after.get("/hello/old")).startsWith("HTTP/1.1 200");
            }

            Files.writeString(crt, "not a certificate\n");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> logs.list.stream()
                                    .filter(e -> e.getFormattedMessage().startsWith("refused changed TLS files"))
                                    .count()
                            == 2);
            try (Connection after = new Connection(server.port())) {
                assertThat(after.served()).isEqualTo(first.certificate());
            }

            // putting the right pair back is taken again
            first.writeCertificatePem(crt);
            TestCertificate third = CA.server("localhost");
            third.writePem(dir, "server");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.server.tls().certificate().equals(third.certificate()));
        }
    }

    @Test
    void reloadingOffLeavesTheFilesUnwatched() throws Exception {
        TestCertificate first = CA.server("localhost");
        first.writePem(dir, "server");
        try (TestServer server = TestServer.builder()
                .config("tls: {enabled: true, reload-interval: 0s, certificate: " + dir.resolve("server.crt")
                        + ", private-key: " + dir.resolve("server.key") + "}")
                .routes(TlsIT.ROUTES)
                .start()) {
            CA.server("localhost").writePem(dir, "server");
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> server.server.tls().certificate().equals(first.certificate()));
        }
    }
}
