package dev.chassis.testkit.tls;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TestCertificateAuthority} is asked to issue: subject, names, validity, key type
 * and use. Defaults: valid from an hour ago for a day, an EC P-256 key, server and client use.
 * Not thread-safe.
 */
public final class CertificateRequest {
    final String subject;
    final List<String> dnsNames = new ArrayList<>();
    final List<String> ipAddresses = new ArrayList<>();
    final List<String> uris = new ArrayList<>();
    Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    Instant notAfter = Instant.now().plus(Duration.ofDays(1));
    boolean rsa;
    boolean authority;
    boolean server = true;
    boolean client = true;

    /** A request for a certificate with this subject, such as {@code CN=accounts-service}. */
    public CertificateRequest(String subject) {
        this.subject = requireNonNull(subject, "subject");
    }

    /** Adds a DNS name, or an IP address when the name is an IPv4 or IPv6 literal. */
    public CertificateRequest name(String name) {
        requireNonNull(name, "name");
        (name.matches("[0-9.]+") || name.contains(":") ? ipAddresses : dnsNames).add(name);
        return this;
    }

    /** Adds a URI name. */
    public CertificateRequest uri(String uri) {
        uris.add(requireNonNull(uri, "uri"));
        return this;
    }

    /** Valid in this window (which may lie wholly in the past, for an expired certificate). */
    public CertificateRequest validity(Instant notBefore, Instant notAfter) {
        this.notBefore = requireNonNull(notBefore, "notBefore");
        this.notAfter = requireNonNull(notAfter, "notAfter");
        return this;
    }

    /** An RSA 2048 key rather than EC P-256. */
    public CertificateRequest rsa() {
        this.rsa = true;
        return this;
    }

    /** For TLS servers only. */
    public CertificateRequest serverUse() {
        this.server = true;
        this.client = false;
        return this;
    }

    /** For TLS clients only. */
    public CertificateRequest clientUse() {
        this.server = false;
        this.client = true;
        return this;
    }

    /** A certificate authority (basic constraints CA, key usage keyCertSign). */
    CertificateRequest authority() {
        this.authority = true;
        return this;
    }
}
