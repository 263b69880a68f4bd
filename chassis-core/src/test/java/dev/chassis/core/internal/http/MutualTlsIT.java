package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.http.Routes;
import dev.chassis.core.internal.tls.HandshakeFailures;
import dev.chassis.testkit.tls.CertificateRequest;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client certificates: the modes, the verified identity on the request, and refused handshakes. */
class MutualTlsIT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    static final TestCertificate SERVER = CA.server("localhost");
    static final TestCertificate TRANSFERS =
            CA.client("CN=transfers-service,O=Bank", "spiffe://bank/transfers-service");

    @TempDir
    static Path dir;

    static String keys;
    static final AtomicInteger handled = new AtomicInteger();

    static final Routes ROUTES = r -> r.get("/whoami", req -> {
        handled.incrementAndGet();
        return req.peerIdentity()
                .map(p -> new Who(p.subject(), p.uris(), p.subjectAlternativeNames(), req.secure()))
                .orElse(new Who("none", List.of(), List.of(), req.secure()));
    });

    record Who(String subject, List<String> uris, List<String> sans, boolean secure) {}

    @BeforeAll
    static void files() {
        SERVER.writePem(dir, "server");
        Path bundle = CA.writeTrustBundle(dir, "ca");
        keys = "certificate: " + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key")
                + ", trust-certificates: " + bundle;
    }

    static TestServer server(String more) throws InterruptedException {
        return TestServer.builder()
                .config("tls: {enabled: true, " + keys + ", " + more + "}")
                .routes(ROUTES)
                .start();
    }

    static HttpClient client(TestCertificate certificate) {
        return TlsIT.client(certificate == null ? CA.trustingContext() : CA.clientContext(certificate));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void theVerifiedPeerReachesTheHandler(String provider) throws Exception {
        try (TestServer server = server("client-auth: required, provider: " + provider)) {
            HttpResponse<String> response = TlsIT.get(client(TRANSFERS), server.port(), "/whoami");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"subject\":\"CN=transfers-service,O=Bank\"")
                    .contains("\"uris\":[\"spiffe://bank/transfers-service\"]")
                    .contains("\"sans\":[\"URI:spiffe://bank/transfers-service\"]")
                    .contains("\"secure\":true");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void requiredRefusesAClientWithoutACertificateBeforeAnyHandler(String provider) throws Exception {
        handled.set(0);
        try (TestServer server = server("client-auth: required, provider: " + provider)) {
            assertThat(attempt(CA.trustingContext(), server.port())).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    server.counters.tlsHandshakeFailures().get(HandshakeFailures.NO_CLIENT_CERTIFICATE))
                            .isEqualTo(1));
            assertThat(handled).hasValue(0);
            assertThat(server.counters.inFlightRequests()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void aCertificateOfAnotherAuthorityIsRefusedAndCounted(String provider) throws Exception {
        handled.set(0);
        TestCertificate stranger =
                TestCertificateAuthority.create("CN=other CA").client("CN=stranger");
        try (TestServer server = server("client-auth: optional, provider: " + provider)) {
            assertThat(attempt(presenting(stranger), server.port())).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(server.counters
                                    .tlsHandshakeFailures()
                                    .get(HandshakeFailures.BAD_CLIENT_CERTIFICATE))
                            .isEqualTo(1));
            assertThat(handled).hasValue(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void anExpiredClientCertificateIsRefused(String provider) throws Exception {
        handled.set(0);
        Instant past = Instant.now().minus(Duration.ofDays(30));
        TestCertificate expired = CA.issue(
                new CertificateRequest("CN=expired").clientUse().validity(past, past.plus(Duration.ofDays(1))));
        try (TestServer server = server("client-auth: required, provider: " + provider)) {
            assertThat(attempt(presenting(expired), server.port())).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(server.counters
                                    .tlsHandshakeFailures()
                                    .get(HandshakeFailures.BAD_CLIENT_CERTIFICATE))
                            .isEqualTo(1));
            assertThat(handled).hasValue(0);
        }
    }

    /**
     * One request over a new TLS connection: the first byte of the answer, or -1 when the server
     * refused the handshake (at once, or, under TLS 1.3, where the client's side of the handshake
     * ends first, on the first read).
     */
    static int attempt(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            socket.getOutputStream()
                    .write("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        } catch (SSLException | java.net.SocketException e) {
            return -1;
        }
    }

    /** A client that trusts the server and presents this certificate whatever issuers the server names. */
    static SSLContext presenting(TestCertificate certificate) throws Exception {
        X509KeyManager always = new X509KeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"peer"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "peer";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return certificate.chain().toArray(X509Certificate[]::new);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return certificate.privateKey();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {always}, CA.trustManagers().getTrustManagers(), null);
        return context;
    }

    @Test
    void optionalServesAClientWithoutACertificateWithNoIdentity() throws Exception {
        try (TestServer server = server("client-auth: optional")) {
            HttpResponse<String> anonymous = TlsIT.get(client(null), server.port(), "/whoami");
            assertThat(anonymous.body()).contains("\"subject\":\"none\"").contains("\"secure\":true");
            HttpResponse<String> known = TlsIT.get(client(TRANSFERS), server.port(), "/whoami");
            assertThat(known.body()).contains("\"subject\":\"CN=transfers-service,O=Bank\"");
        }
    }

    @Test
    void noneAsksForNoCertificate() throws Exception {
        try (TestServer server = server("client-auth: none")) {
            HttpResponse<String> response = TlsIT.get(client(TRANSFERS), server.port(), "/whoami");
            assertThat(response.body()).contains("\"subject\":\"none\"");
        }
    }

    @Test
    void plaintextHasNoIdentity() throws Exception {
        try (TestServer server = TestServer.start(ROUTES)) {
            assertThat(RawHttp.exchange(server.port(), "GET /whoami HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .contains("{\"subject\":\"none\",\"uris\":[],\"sans\":[],\"secure\":false}")
                    .doesNotContain(PeerIdentity.class.getSimpleName());
        }
    }
}
