package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The verified client of a TLS connection (mTLS): its certificate's subject and subject
 * alternative names. The server hands it out only after the client's certificate chained to
 * {@code server.tls.trust-certificates} in the handshake.
 *
 * <pre>{@code
 * Filter onlyTransfers = (request, next) -> {
 *     boolean transfers = request.peerIdentity()
 *             .map(peer -> peer.uris().contains("spiffe://bank/transfers-service"))
 *             .orElse(false);
 *     if (!transfers) {
 *         throw HttpStatusException.forbidden("only transfers-service may call this");
 *     }
 *     return next.handle(request);
 * };
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PeerIdentity {
    private final X509Certificate certificate;
    private final String subject;
    private final List<String> dnsNames;
    private final List<String> uris;
    private final List<String> ipAddresses;
    private final List<String> emails;

    private PeerIdentity(X509Certificate certificate) {
        this.certificate = certificate;
        this.subject = certificate.getSubjectX500Principal().getName();
        List<String> dns = new ArrayList<>();
        List<String> uri = new ArrayList<>();
        List<String> ip = new ArrayList<>();
        List<String> email = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            names = null;
        }
        if (names != null) {
            for (List<?> name : names) {
                if (name.size() < 2
                        || !(name.get(0) instanceof Integer type)
                        || !(name.get(1) instanceof String value)) {
                    continue;
                }
                switch (type) {
                    case 1 -> email.add(value);
                    case 2 -> dns.add(value);
                    case 6 -> uri.add(value);
                    case 7 -> ip.add(value);
                    default -> {}
                }
            }
        }
        this.dnsNames = List.copyOf(dns);
        this.uris = List.copyOf(uri);
        this.ipAddresses = List.copyOf(ip);
        this.emails = List.copyOf(email);
    }

    /** The identity in a verified certificate. */
    public static PeerIdentity of(X509Certificate certificate) {
        return new PeerIdentity(requireNonNull(certificate, "certificate"));
    }

    /** The subject's distinguished name as RFC 2253 writes it, such as {@code CN=transfers-service,O=Bank}. */
    public String subject() {
        return subject;
    }

    /** The DNS names among the subject alternative names. */
    public List<String> dnsNames() {
        return dnsNames;
    }

    /** The URIs among the subject alternative names (a SPIFFE ID, say). */
    public List<String> uris() {
        return uris;
    }

    /** The IP addresses among the subject alternative names. */
    public List<String> ipAddresses() {
        return ipAddresses;
    }

    /** The e-mail addresses among the subject alternative names. */
    public List<String> emails() {
        return emails;
    }

    /**
     * Every subject alternative name, as {@code DNS:name}, {@code URI:uri}, {@code IP:address}
     * and {@code email:address}, in that order.
     */
    public List<String> subjectAlternativeNames() {
        List<String> all = new ArrayList<>();
        dnsNames.forEach(n -> all.add("DNS:" + n));
        uris.forEach(n -> all.add("URI:" + n));
        ipAddresses.forEach(n -> all.add("IP:" + n));
        emails.forEach(n -> all.add("email:" + n));
        return all;
    }

    /** The leaf certificate the client presented. */
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "PeerIdentity[" + subject
                + (dnsNames.isEmpty() && uris.isEmpty() ? "" : ", " + subjectAlternativeNames()) + "]";
    }
}
