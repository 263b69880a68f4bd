package dev.chassis.core.client;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Checks;
import dev.chassis.core.config.TlsConfig;
import java.util.List;

/**
 * TLS towards one downstream's {@code https://} instances, under {@code clients.<name>.tls}: the
 * authorities its certificates must chain to, and the certificate this service presents for mTLS.
 * Every key has a default: an {@code https://} instance alone is verified against the JDK's trust
 * store, with hostname verification.
 *
 * <pre>{@code
 * clients:
 *   accounts:
 *     urls: [https://accounts:8443]
 *     tls:
 *       trust-certificates: /etc/tls/ca.crt      # the downstream's issuer
 *       certificate: /etc/tls/transfers.crt      # this service's client certificate (mTLS)
 *       private-key: /etc/tls/transfers.key
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code trust-certificates}</td><td>empty</td><td>PEM bundle the downstream's certificate must chain to; empty takes the JDK's trust store</td></tr>
 * <tr><td>{@code certificate}</td><td>empty</td><td>PEM chain of the client certificate to present</td></tr>
 * <tr><td>{@code private-key}</td><td>empty</td><td>its PKCS#8 key, optionally encrypted</td></tr>
 * <tr><td>{@code private-key-password}</td><td>empty</td><td>the password of an encrypted key</td></tr>
 * <tr><td>{@code keystore}</td><td>empty</td><td>a PKCS#12 keystore instead of {@code certificate} and {@code private-key}</td></tr>
 * <tr><td>{@code keystore-password}</td><td>empty</td><td>its password</td></tr>
 * <tr><td>{@code verify-hostname}</td><td>true</td><td>the certificate must name the instance's host</td></tr>
 * <tr><td>{@code protocols}</td><td>[TLSv1.3, TLSv1.2]</td><td>a subset of these two</td></tr>
 * <tr><td>{@code provider}</td><td>{@code auto}</td><td>{@code openssl}, {@code jdk}, or {@code auto}: OpenSSL where it loads</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param trustCertificates PEM trust bundle, empty for the JDK's trust store
 * @param certificate PEM client certificate chain
 * @param privateKey PEM PKCS#8 private key
 * @param privateKeyPassword password of an encrypted key
 * @param keystore PKCS#12 keystore
 * @param keystorePassword its password
 * @param verifyHostname whether the certificate must name the host
 * @param protocols TLS versions offered
 * @param provider the TLS implementation
 */
public record ClientTlsConfig(
        String trustCertificates,
        String certificate,
        String privateKey,
        String privateKeyPassword,
        String keystore,
        String keystorePassword,
        boolean verifyHostname,
        List<String> protocols,
        TlsConfig.Provider provider) {

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public ClientTlsConfig {
        requireNonNull(trustCertificates, "trust-certificates");
        requireNonNull(certificate, "certificate");
        requireNonNull(privateKey, "private-key");
        requireNonNull(privateKeyPassword, "private-key-password");
        requireNonNull(keystore, "keystore");
        requireNonNull(keystorePassword, "keystore-password");
        protocols = List.copyOf(requireNonNull(protocols, "protocols"));
        requireNonNull(provider, "provider");
        Checks.that(
                !protocols.isEmpty() && TlsConfig.DEFAULT_PROTOCOLS.containsAll(protocols),
                "protocols",
                protocols,
                "TLSv1.3, TLSv1.2 or both");
        Checks.that(
                certificate.isEmpty() == privateKey.isEmpty(),
                certificate.isEmpty() ? "certificate" : "private-key",
                "",
                "certificate and private-key together");
        Checks.that(
                keystore.isEmpty() || certificate.isEmpty(),
                "keystore",
                keystore,
                "either certificate and private-key, or keystore");
    }

    /** The JDK's trust store, no client certificate, hostname verification. */
    public static ClientTlsConfig defaults() {
        return new ClientTlsConfig("", "", "", "", "", "", true, TlsConfig.DEFAULT_PROTOCOLS, TlsConfig.Provider.AUTO);
    }

    /** Whether a client certificate is presented. */
    public boolean presentsCertificate() {
        return !certificate.isEmpty() || !keystore.isEmpty();
    }

    @Override
    public String toString() {
        return "ClientTlsConfig[trustCertificates=" + trustCertificates + ", certificate=" + certificate
                + ", privateKey=" + privateKey + ", privateKeyPassword=******, keystore=" + keystore
                + ", keystorePassword=******, verifyHostname=" + verifyHostname + ", protocols=" + protocols
                + ", provider=" + provider + "]";
    }
}
