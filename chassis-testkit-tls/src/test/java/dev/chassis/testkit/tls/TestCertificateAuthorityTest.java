package dev.chassis.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificateAuthorityTest {
    private final TestCertificateAuthority ca = TestCertificateAuthority.create();

    @Test
    void issuesAServerCertificateTheAuthorityTrusts() throws Exception {
        TestCertificate server = ca.server("localhost");
        X509TrustManager trust = (X509TrustManager) ca.trustManagers().getTrustManagers()[0];
        trust.checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
        assertThat(server.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void aSelfSignedCertificateIsNotTrustedByAnAuthority() {
        TestCertificate self = TestCertificate.selfSigned("localhost");
        X509TrustManager trust = (X509TrustManager) ca.trustManagers().getTrustManagers()[0];
        assertThatThrownBy(() -> trust.checkServerTrusted(self.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
                .isInstanceOf(java.security.cert.CertificateException.class);
    }

    @Test
    void anExpiredRequestGivesAnExpiredCertificate() {
        Instant past = Instant.now().minus(Duration.ofDays(10));
        TestCertificate old = ca.issue(new CertificateRequest("CN=old").validity(past, past.plus(Duration.ofDays(1))));
        assertThatThrownBy(() -> old.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void writesPemAndPkcs12Files(@TempDir Path dir) throws Exception {
        TestCertificate client = ca.client("CN=transfers-service", "spiffe://bank/transfers");
        Path crt = client.writePem(dir, "client");
        assertThat(Files.readString(crt))
                .startsWith("-----BEGIN CERTIFICATE-----")
                .contains("-----END CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("client.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        Path encrypted = client.writeEncryptedPrivateKeyPem(dir.resolve("client.enc.key"), "s3cret");
        assertThat(Files.readString(encrypted)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Path p12 = client.writePkcs12(dir.resolve("client.p12"), "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        assertThat(List.of(store.getCertificateChain("server"))).hasSize(2);
        assertThat(client.certificate().getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactly("spiffe://bank/transfers");
    }
}
