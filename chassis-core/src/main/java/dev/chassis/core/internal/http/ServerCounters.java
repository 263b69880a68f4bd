package dev.chassis.core.internal.http;

import dev.chassis.core.http.ServerStats;
import dev.chassis.core.internal.tls.HandshakeFailures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of the server; created before it so meters can be bound early. Thread-safe. */
public final class ServerCounters implements ServerStats {
    final AtomicInteger openConnections = new AtomicInteger();
    final LongAdder rejectedConnections = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    final LongAdder aborted = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder headTimeouts = new LongAdder();
    final LongAdder writeTimeouts = new LongAdder();
    private final Map<String, LongAdder> tlsFailures = new LinkedHashMap<>();
    private final Map<String, LongAdder> goAways = new LinkedHashMap<>();

    public ServerCounters() {
        for (String reason : HandshakeFailures.REASONS) {
            tlsFailures.put(reason, new LongAdder());
        }
        for (String reason : Http2GoAways.REASONS) {
            goAways.put(reason, new LongAdder());
        }
    }

    void http2GoAway(String reason) {
        LongAdder counter = goAways.get(reason);
        (counter == null ? goAways.get(Http2GoAways.OTHER) : counter).increment();
    }

    @Override
    public Map<String, Long> http2GoAways() {
        Map<String, Long> out = new LinkedHashMap<>();
        goAways.forEach((reason, counter) -> out.put(reason, counter.sum()));
        return out;
    }

    void tlsHandshakeFailed(String reason) {
        LongAdder counter = tlsFailures.get(reason);
        (counter == null ? tlsFailures.get(HandshakeFailures.OTHER) : counter).increment();
    }

    @Override
    public Map<String, Long> tlsHandshakeFailures() {
        Map<String, Long> out = new LinkedHashMap<>();
        tlsFailures.forEach((reason, counter) -> out.put(reason, counter.sum()));
        return out;
    }

    @Override
    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public int inFlightRequests() {
        return inFlight.get();
    }

    @Override
    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    @Override
    public long abortedRequests() {
        return aborted.sum();
    }

    @Override
    public long headTimeouts() {
        return headTimeouts.sum();
    }

    @Override
    public long writeTimeouts() {
        return writeTimeouts.sum();
    }
}
