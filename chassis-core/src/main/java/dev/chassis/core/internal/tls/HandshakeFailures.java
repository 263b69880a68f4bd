package dev.chassis.core.internal.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Locale;

/**
 * The reason a TLS handshake failed, as one of a few fixed words, from the exception either
 * provider (JDK or OpenSSL) gives. The words are the {@code reason} of the handshake failure
 * metric, so the set is bounded.
 */
public final class HandshakeFailures {
    /** A plaintext request on a TLS port. */
    public static final String NOT_TLS = "not-tls";
    /** The client sent no certificate where one is required. */
    public static final String NO_CLIENT_CERTIFICATE = "no-client-certificate";
    /** The client's certificate did not verify (unknown issuer, expired, bad signature). */
    public static final String BAD_CLIENT_CERTIFICATE = "bad-client-certificate";
    /** The client refused the server's certificate (it sent an alert). */
    public static final String CLIENT_REFUSED = "client-refused";
    /** No protocol version or cipher suite in common. */
    public static final String PROTOCOL = "protocol";
    /** The handshake did not finish within {@code handshake-timeout}. */
    public static final String TIMEOUT = "timeout";
    /** The connection closed during the handshake. */
    public static final String CLOSED = "closed";
    /** Anything else. */
    public static final String OTHER = "other";

    /** Every reason, in the order metrics list them. */
    public static final List<String> REASONS = List.of(
            NOT_TLS, NO_CLIENT_CERTIFICATE, BAD_CLIENT_CERTIFICATE, CLIENT_REFUSED, PROTOCOL, TIMEOUT, CLOSED, OTHER);

    private HandshakeFailures() {}

    /** The reason for this failure. */
    public static String reason(Throwable failure) {
        if (failure instanceof SslHandshakeTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof ClosedChannelException) {
            return CLOSED;
        }
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(' ').append(t.getMessage());
            if (t instanceof SslHandshakeTimeoutException) {
                return TIMEOUT;
            }
        }
        String m = messages.toString().toLowerCase(Locale.ROOT);
        if (m.contains("empty client certificate chain")
                || m.contains("peer_did_not_return_a_certificate")
                || m.contains("certificate_required")) {
            return NO_CLIENT_CERTIFICATE;
        }
        if (m.contains("received fatal alert") || m.contains("alert_")) {
            return CLIENT_REFUSED;
        }
        if (m.contains("pkix")
                || m.contains("certificate_verify_failed")
                || m.contains("certificate expired")
                || m.contains("validity check failed")
                || m.contains("unable to find valid certification path")
                || m.contains("bad_certificate")) {
            return BAD_CLIENT_CERTIFICATE;
        }
        if (m.contains("no_shared_cipher")
                || m.contains("no appropriate protocol")
                || m.contains("no cipher suites in common")
                || m.contains("protocol_version")
                || m.contains("unsupported_protocol")
                || m.contains("wrong_version_number")
                || m.contains("unsupported protocol")
                || m.contains("client requested protocol")) {
            return PROTOCOL;
        }
        if (m.contains("closed") || m.contains("connection reset") || m.contains("eof")) {
            return CLOSED;
        }
        return OTHER;
    }
}
