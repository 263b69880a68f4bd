package dev.chassis.core.http;

/**
 * Live counters of the HTTP server, for metrics. Reads are cheap and thread-safe; values are
 * approximate while they change.
 */
public interface ServerStats {
    /** Connections open now, admin port included. */
    int openConnections();

    /** Requests whose head has arrived and whose response is not yet written. */
    int inFlightRequests();

    /** Connections closed on accept because {@code server.max-connections} was reached. */
    long rejectedConnections();

    /** Requests abandoned at the end of the shutdown grace period. */
    long abortedRequests();

    /** Connections whose request head did not arrive within {@code server.request-head-timeout}. */
    long headTimeouts();

    /** Connections closed because a response was not written within {@code server.write-timeout}. */
    long writeTimeouts();

    /**
     * Failed TLS handshakes by reason, every reason present (zero where none failed so): {@code
     * not-tls} (plaintext on a TLS port), {@code no-client-certificate}, {@code
     * bad-client-certificate}, {@code client-refused} (the client refused the server's
     * certificate), {@code protocol} (no version or cipher in common), {@code timeout}, {@code
     * closed}, {@code other}.
     */
    java.util.Map<String, Long> tlsHandshakeFailures();

    /**
     * HTTP/2 connections the server ended with a GOAWAY for an error, by reason, every reason
     * present: {@code rapid-reset} (too many RST_STREAM frames, CVE-2023-44487), {@code
     * continuation-flood} (too many small CONTINUATION frames), {@code header-list-too-large},
     * {@code protocol-error}, {@code other}. A GOAWAY of a graceful stop or idle close is not
     * counted. Empty where the server does not count them.
     */
    default java.util.Map<String, Long> http2GoAways() {
        return java.util.Map.of();
    }
}
