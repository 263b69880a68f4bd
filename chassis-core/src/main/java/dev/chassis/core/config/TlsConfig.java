package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TLS on the server, section {@code server.tls}: the key pair it presents (a PEM certificate
 * chain with a PKCS#8 private key, or a PKCS#12 keystore), the protocols and ciphers it accepts,
 * the provider, and whether clients present certificates (mTLS). Off by default.
 *
 * <pre>{@code
 * server:
 *   tls:
 *     enabled: true
 *     certificate: /etc/tls/tls.crt         # the chain, leaf first
 *     private-key: /etc/tls/tls.key         # PKCS#8, optionally encrypted
 *     private-key-password: ${TLS_KEY_PASSWORD:-}
 *     client-auth: required                 # mTLS
 *     trust-certificates: /etc/tls/ca.crt   # the issuers of client certificates
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>whether the server speaks TLS</td></tr>
 * <tr><td>{@code port}</td><td>-1</td><td>-1: {@code server.port} speaks TLS; otherwise TLS listens on this port (0 for an ephemeral one) and {@code server.port} stays plaintext, for migrations</td></tr>
 * <tr><td>{@code certificate}</td><td>empty</td><td>PEM file with the certificate chain, leaf first</td></tr>
 * <tr><td>{@code private-key}</td><td>empty</td><td>PEM file with the PKCS#8 private key ({@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY})</td></tr>
 * <tr><td>{@code private-key-password}</td><td>empty</td><td>the password of an encrypted key</td></tr>
 * <tr><td>{@code keystore}</td><td>empty</td><td>a PKCS#12 file with one key entry, instead of {@code certificate} and {@code private-key}</td></tr>
 * <tr><td>{@code keystore-password}</td><td>empty</td><td>its password</td></tr>
 * <tr><td>{@code protocols}</td><td>[TLSv1.3, TLSv1.2]</td><td>a subset of these two</td></tr>
 * <tr><td>{@code ciphers}</td><td>[]</td><td>TLS 1.2 cipher suites (IANA names); empty takes the ECDHE AEAD suites (AES-GCM, ChaCha20-Poly1305) and TLS 1.3's own</td></tr>
 * <tr><td>{@code provider}</td><td>{@code auto}</td><td>{@code openssl} (BoringSSL from netty-tcnative), {@code jdk}, or {@code auto}: OpenSSL where it loads</td></tr>
 * <tr><td>{@code client-auth}</td><td>{@code none}</td><td>{@code none}, {@code optional} (a certificate, if sent, must verify) or {@code required}</td></tr>
 * <tr><td>{@code trust-certificates}</td><td>empty</td><td>PEM bundle of the authorities client certificates must chain to; needed unless {@code client-auth} is {@code none}</td></tr>
 * <tr><td>{@code handshake-timeout}</td><td>10s</td><td>a handshake not finished by then closes the connection</td></tr>
 * <tr><td>{@code reload-interval}</td><td>10s</td><td>how often the files are checked for a change; 0s turns reloading off</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param enabled whether the server speaks TLS
 * @param port -1 for TLS on {@code server.port}, or a port of its own
 * @param certificate PEM certificate chain file
 * @param privateKey PEM PKCS#8 private key file
 * @param privateKeyPassword password of an encrypted private key, empty for none
 * @param keystore PKCS#12 keystore file
 * @param keystorePassword its password
 * @param protocols TLS versions accepted
 * @param ciphers TLS 1.2 cipher suites, empty for the default list
 * @param provider the TLS implementation
 * @param clientAuth whether clients present certificates
 * @param trustCertificates PEM bundle that client certificates must chain to
 * @param handshakeTimeout deadline of a handshake
 * @param reloadInterval how often the files are checked for a change, 0 for never
 */
public record TlsConfig(
        boolean enabled,
        int port,
        String certificate,
        String privateKey,
        String privateKeyPassword,
        String keystore,
        String keystorePassword,
        List<String> protocols,
        List<String> ciphers,
        Provider provider,
        ClientAuth clientAuth,
        String trustCertificates,
        Duration handshakeTimeout,
        Duration reloadInterval) {

    /** The {@code port} value that puts TLS on {@code server.port}. */
    public static final int SAME_PORT = -1;
    /** Default {@code protocols}. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Default {@code handshake-timeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code reload-interval}. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

    private static final Set<String> PROTOCOLS = Set.copyOf(DEFAULT_PROTOCOLS);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public TlsConfig {
        Checks.range("port", port, -1, 65_535);
        requireNonNull(certificate, "certificate");
        requireNonNull(privateKey, "private-key");
        requireNonNull(privateKeyPassword, "private-key-password");
        requireNonNull(keystore, "keystore");
        requireNonNull(keystorePassword, "keystore-password");
        protocols = List.copyOf(requireNonNull(protocols, "protocols"));
        ciphers = List.copyOf(requireNonNull(ciphers, "ciphers"));
        requireNonNull(provider, "provider");
        requireNonNull(clientAuth, "client-auth");
        requireNonNull(trustCertificates, "trust-certificates");
        Checks.between("handshake-timeout", handshakeTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        Checks.offOrAtLeast("reload-interval", reloadInterval, Duration.ofMillis(100));
        Checks.that(
                !protocols.isEmpty() && PROTOCOLS.containsAll(protocols),
                "protocols",
                protocols,
                "TLSv1.3, TLSv1.2 or both");
        if (enabled) {
            boolean pem = !certificate.isEmpty() || !privateKey.isEmpty();
            Checks.that(
                    pem != !keystore.isEmpty(),
                    pem ? "keystore" : "certificate",
                    pem ? keystore : certificate,
                    "either certificate and private-key, or keystore");
            Checks.that(
                    !pem || !certificate.isEmpty(),
                    "certificate",
                    certificate,
                    "the PEM file of the certificate chain");
            Checks.that(
                    !pem || !privateKey.isEmpty(), "private-key", privateKey, "the PEM file of the PKCS#8 private key");
            Checks.that(
                    clientAuth == ClientAuth.NONE || !trustCertificates.isEmpty(),
                    "trust-certificates",
                    trustCertificates,
                    "the PEM bundle client certificates chain to, since client-auth is " + clientAuth);
        }
    }

    /** Off. */
    public static TlsConfig defaults() {
        return new TlsConfig(
                false,
                SAME_PORT,
                "",
                "",
                "",
                "",
                "",
                DEFAULT_PROTOCOLS,
                List.of(),
                Provider.AUTO,
                ClientAuth.NONE,
                "",
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_RELOAD_INTERVAL);
    }

    /** Whether TLS listens on a port of its own beside the plaintext {@code server.port}. */
    public boolean separatePort() {
        return enabled && port != SAME_PORT;
    }

    @Override
    public String toString() {
        return "TlsConfig[enabled=" + enabled + ", port=" + port + ", certificate=" + certificate + ", privateKey="
                + privateKey + ", privateKeyPassword=******, keystore=" + keystore + ", keystorePassword=******"
                + ", protocols=" + protocols + ", ciphers=" + ciphers + ", provider=" + provider + ", clientAuth="
                + clientAuth + ", trustCertificates=" + trustCertificates + ", handshakeTimeout=" + handshakeTimeout
                + ", reloadInterval=" + reloadInterval + "]";
    }

    /** The TLS implementation. */
    public enum Provider {
        /** OpenSSL where netty-tcnative loads, the JDK's otherwise. */
        AUTO,
        /** BoringSSL through netty-tcnative; start-up fails where it does not load. */
        OPENSSL,
        /** The JDK's own. */
        JDK;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether clients present certificates. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** Asked for; a client may send none, but one it sends must verify. */
        OPTIONAL,
        /** Required: a client without a verified certificate fails the handshake. */
        REQUIRED;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
