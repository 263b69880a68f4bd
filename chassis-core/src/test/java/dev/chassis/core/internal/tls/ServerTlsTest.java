package dev.chassis.core.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.TlsConfig;
import dev.chassis.testkit.tls.CertificateRequest;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up checks of the server's key material: every failure names the key and the file. */
class ServerTlsTest {
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    private static final TestCertificate SERVER = CA.server("localhost");

    @TempDir
    Path dir;

    static TlsConfig tls(String keys) {
        return ConfigBinding.bind(
                        Config.builder()
                                .yaml("test", "server: {tls: {enabled: true, " + keys + "}}")
                                .build(),
                        List.of(ServerConfig.SECTION))
                .get(ServerConfig.SECTION)
                .tls();
    }

    private String pem(TestCertificate certificate) {
        certificate.writePem(dir, "server");
        return "certificate: " + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void loadsAPemPairWithEitherProvider(String provider) {
        ServerTls tls = ServerTls.create(tls(pem(SERVER) + ", provider: " + provider), "server.tls.");
        assertThat(tls.provider()).isEqualTo(provider.equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL);
        assertThat(tls.certificate()).isEqualTo(SERVER.certificate());
    }

    @Test
    void autoTakesOpenSslWhereItLoads() {
        assertThat(OpenSsl.isAvailable())
                .as("netty-tcnative loads on this platform")
                .isTrue();
        assertThat(ServerTls.create(tls(pem(SERVER)), "server.tls.").provider()).isEqualTo(SslProvider.OPENSSL);
    }

    @Test
    void aMissingFileIsNamedWithItsKey() {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> ServerTls.create(
                        tls("certificate: " + missing + ", private-key: " + dir.resolve("nope.key")), "server.tls."))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.certificate: " + missing + " no such file");
    }

    @Test
    void anUnreadableFileIsNamedWithItsKey() throws Exception {
        String keys = pem(SERVER);
        Path key = dir.resolve("server.key");
        Files.delete(key);
        Files.createDirectory(key);
        assertThatThrownBy(() -> ServerTls.create(tls(keys), "server.tls."))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.private-key: " + key + " no such file");
    }

    @Test
    void aWrongKeyPasswordIsNamed() {
        SERVER.writeCertificatePem(dir.resolve("server.crt"));
        Path key = SERVER.writeEncryptedPrivateKeyPem(dir.resolve("server.key"), "right");
        assertThatThrownBy(() -> ServerTls.create(
                        tls("certificate: " + dir.resolve("server.crt") + ", private-key: " + key
                                + ", private-key-password: wrong"),
                        "server.tls."))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.tls.private-key: " + key
                        + " cannot be decrypted with server.tls.private-key-password (wrong password?)");
    }

    @Test
    void anEncryptedKeyWithoutAPasswordIsNamed() {
        SERVER.writeCertificatePem(dir.resolve("server.crt"));
        Path key = SERVER.writeEncryptedPrivateKeyPem(dir.resolve("server.key"), "right");
        assertThatThrownBy(() -> ServerTls.create(
                        tls("certificate: " + dir.resolve("server.crt") + ", private-key: " + key), "server.tls."))
                .hasMessage("server.tls.private-key: " + key
                        + " is encrypted, and server.tls.private-key-password is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void anEncryptedKeyWithItsPasswordLoads(String provider) {
        SERVER.writeCertificatePem(dir.resolve("server.crt"));
        Path key = SERVER.writeEncryptedPrivateKeyPem(dir.resolve("server.key"), "right");
        ServerTls tls = ServerTls.create(
                tls("certificate: " + dir.resolve("server.crt") + ", private-key: " + key
                        + ", private-key-password: right, provider: " + provider),
                "server.tls.");
        assertThat(tls.certificate()).isEqualTo(SERVER.certificate());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsNamed() {
        Path crt = SERVER.writeCertificatePem(dir.resolve("server.crt"));
        Path key = CA.server("localhost").writePrivateKeyPem(dir.resolve("server.key"));
        assertThatThrownBy(() -> ServerTls.create(tls("certificate: " + crt + ", private-key: " + key), "server.tls."))
                .hasMessage("server.tls.certificate: " + crt
                        + " holds a certificate for CN=localhost that does not match the private key");
    }

    @Test
    void anExpiredCertificateIsNamed() {
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        TestCertificate old = CA.issue(
                new CertificateRequest("CN=old").name("localhost").validity(past, past.plus(Duration.ofDays(30))));
        String keys = pem(old);
        assertThatThrownBy(() -> ServerTls.create(tls(keys), "server.tls."))
                .hasMessage("server.tls.certificate: " + dir.resolve("server.crt")
                        + " holds a certificate for CN=old that expired on 2020-01-31T00:00:00Z");
    }

    @Test
    void aFileWithoutACertificateIsNamed() throws Exception {
        String keys = pem(SERVER);
        Files.writeString(dir.resolve("server.crt"), "hello\n");
        assertThatThrownBy(() -> ServerTls.create(tls(keys), "server.tls."))
                .hasMessage("server.tls.certificate: " + dir.resolve("server.crt")
                        + " holds no PEM certificate (expected: -----BEGIN CERTIFICATE----- blocks)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void loadsAPkcs12Keystore(String provider) {
        Path p12 = SERVER.writePkcs12(dir.resolve("server.p12"), "changeit");
        ServerTls tls = ServerTls.create(
                tls("keystore: " + p12 + ", keystore-password: changeit, provider: " + provider), "server.tls.");
        assertThat(tls.certificate()).isEqualTo(SERVER.certificate());
    }

    @Test
    void aWrongKeystorePasswordIsNamed() {
        Path p12 = SERVER.writePkcs12(dir.resolve("server.p12"), "changeit");
        assertThatThrownBy(() -> ServerTls.create(tls("keystore: " + p12 + ", keystore-password: nope"), "server.tls."))
                .hasMessage("server.tls.keystore: " + p12
                        + " cannot be opened with server.tls.keystore-password (wrong password?)");
    }

    @Test
    void configurationNeedsOneSourceOfKeys() {
        assertThatThrownBy(() -> tls("certificate: a.crt"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.tls.private-key");
        assertThatThrownBy(() -> tls("certificate: a.crt, private-key: a.key, keystore: a.p12"))
                .hasMessageContaining("server.tls.keystore");
        assertThatThrownBy(() -> tls("keystore: a.p12, client-auth: required"))
                .hasMessageContaining("server.tls.trust-certificates");
        assertThatThrownBy(() -> tls("keystore: a.p12, protocols: [TLSv1.1]"))
                .hasMessageContaining("server.tls.protocols");
    }

    @Test
    void aCipherListNoProviderSupportsIsRefused() {
        assertThatThrownBy(() -> ServerTls.create(tls(pem(SERVER) + ", ciphers: [TLS_NOT_A_SUITE]"), "server.tls."))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.tls.ciphers");
    }
}
