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
}
