package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under mTLS: the verified peer in the access log, refused handshakes as a metric by reason. */
class MutualTlsObservabilityIT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();

    @TempDir
    Path dir;

    @Test
    void theAccessLogNamesTheVerifiedPeerAndRefusedHandshakesAreCounted() throws Exception {
        CA.server("localhost").writePem(dir, "server");
        Path bundle = CA.writeTrustBundle(dir, "ca");
        TestCertificate transfers = CA.client("CN=transfers-service", "spiffe://bank/transfers-service");
        TestService app = TestService.create(
                "server: {tls: {enabled: true, client-auth: required, certificate: " + dir.resolve("server.crt")
                        + ", private-key: " + dir.resolve("server.key") + ", trust-certificates: " + bundle + "}}",
                InMemorySpanExporter.create(),
                (e, o) -> r -> r.get("/peer", q -> Map.of("ok", true)));
        app.service().start();
        try {
            LogCapture capture = LogCapture.attach();
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(CA.clientContext(transfers))
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "https://localhost:" + app.service().port() + "/peer"))
                            .header("X-Correlation-ID", "mtls-1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            List<JsonNode> lines = capture.awaitEvents(
                    l -> l.path("logger").asText().equals("access")
                            && l.path("correlationId").asText().equals("mtls-1"),
                    1);
            JsonNode access = lines.get(0);
            assertThat(access.path("peerSubject").asText()).isEqualTo("CN=transfers-service");
            assertThat(access.path("peerNames").toString()).isEqualTo("[\"URI:spiffe://bank/transfers-service\"]");

            try (SSLSocket socket = (SSLSocket) CA.trustingContext()
                    .getSocketFactory()
                    .createSocket("localhost", app.service().port())) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                socket.getOutputStream().write("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (java.io.IOException refused) {
                // refused in the handshake
            }
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(app.registry()
                                    .get("http.server.tls.handshake_failures")
                                    .tag("reason", "no-client-certificate")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1.0));
            assertThat(app.registry()
                            .get("http.server.tls.handshake_failures")
                            .tag("reason", "protocol")
                            .functionCounter()
                            .count())
                    .isZero();
        } finally {
            app.service().stop();
        }
    }
}
