package dev.chassis.testkit.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test run, in memory: it issues server and client
 * certificates, writes its own certificate as a trust bundle, and makes SSL contexts that trust
 * it. EC P-256 keys unless a request asks for RSA.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create();
 * TestCertificate server = ca.server("localhost");          // SANs localhost and 127.0.0.1
 * Path dir = Files.createTempDirectory("tls");
 * server.writePem(dir, "server");                            // server.crt, server.key
 * HttpClient client = HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TestCertificateAuthority {
    private final TestCertificate self;

    private TestCertificateAuthority(TestCertificate self) {
        this.self = self;
    }

    /** A new authority named {@code CN=chassis test CA}, valid from an hour ago for a year. */
    public static TestCertificateAuthority create() {
        return create("CN=chassis test CA");
    }

    /** A new authority with this subject. */
    public static TestCertificateAuthority create(String subject) {
        requireNonNull(subject, "subject");
        Instant now = Instant.now();
        return new TestCertificateAuthority(Certificates.issue(
                new CertificateRequest(subject)
                        .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)))
                        .authority(),
                null));
    }

    /** The authority's own certificate. */
    public X509Certificate certificate() {
        return self.certificate();
    }

    /** The authority as a certificate with its key (to write a bundle or sign with elsewhere). */
    public TestCertificate asCertificate() {
        return self;
    }

    /**
     * A server certificate for these names (DNS names or IP literals), subject {@code CN=} the
     * first; {@code localhost} also gets {@code 127.0.0.1} and {@code ::1}.
     */
    public TestCertificate server(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("names: none (expected: at least one DNS name or IP address)");
        }
        CertificateRequest request = new CertificateRequest("CN=" + names[0]).serverUse();
        for (String name : names) {
            request.name(name);
            if (name.equals("localhost")) {
                request.name("127.0.0.1").name("::1");
            }
        }
        return issue(request);
    }

    /** A client certificate with this subject and these URI names (a SPIFFE ID, say). */
    public TestCertificate client(String subject, String... uris) {
        CertificateRequest request = new CertificateRequest(subject).clientUse();
        for (String uri : uris) {
            request.uri(uri);
        }
        return issue(request);
    }

    /** A certificate as the request describes, signed by this authority. */
    public TestCertificate issue(CertificateRequest request) {
        return Certificates.issue(request, self);
    }

    /** Writes the authority's certificate as a PEM trust bundle {@code <name>.crt}; returns its path. */
    public Path writeTrustBundle(Path directory, String name) {
        return self.writeCertificatePem(directory.resolve(name + ".crt"), List.of(self.certificate()));
    }

    /** An SSL context (TLSv1.3 and 1.2) that trusts this authority and offers no client certificate. */
    public SSLContext trustingContext() {
        return context(null);
    }

    /** An SSL context that trusts this authority and presents this client certificate. */
    public SSLContext clientContext(TestCertificate client) {
        return context(requireNonNull(client, "client"));
    }

    /** Trust managers that trust this authority only. */
    public TrustManagerFactory trustManagers() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", self.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make trust managers", e);
        }
    }

    private SSLContext context(TestCertificate client) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = null;
            if (client != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client.keyStore(new char[0]), new char[0]);
            }
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trustManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSL context", e);
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
