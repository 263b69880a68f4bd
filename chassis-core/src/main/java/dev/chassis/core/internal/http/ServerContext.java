package dev.chassis.core.internal.http;

import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.internal.json.JsonCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of the server shares: limits in the units the hot path wants, the exchange
 * listeners, the set of open connections and the counters behind {@code ServerStats}. Thread-safe.
 */
final class ServerContext {
    private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

    private final ServerConfig config;
    private final JsonCodec json;
    private final ExchangeListener[] listeners;
    private final ExceptionMapping exceptions;
    private final long maxContentLength;
    private final long requestTimeoutNanos;
    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long writeTimeoutNanos;
    private final long tickNanos;
    private final boolean inflateRequests;

    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    final ServerCounters counters;

    ServerContext(
            ServerConfig config,
            JsonCodec json,
            List<ExchangeListener> listeners,
            List<ExceptionMapper> exceptionMappers,
            ServerCounters counters) {
        this.config = config;
        this.exceptions = new ExceptionMapping(exceptionMappers);
        this.counters = counters;
        this.json = json;
        this.listeners = listeners.stream()
                .sorted(Comparator.comparingInt(ExchangeListener::order))
                .toArray(ExchangeListener[]::new);
        this.maxContentLength = config.maxContentLength().bytes();
        this.inflateRequests = config.compression().inflateRequests();
        this.requestTimeoutNanos = config.requestTimeout().toNanos();
        this.headTimeoutNanos = config.requestHeadTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.writeTimeoutNanos = config.writeTimeout().toNanos();
        long shortest = Math.min(
                Math.min(requestTimeoutNanos, writeTimeoutNanos), Math.min(headTimeoutNanos, idleTimeoutNanos));
        this.tickNanos = Math.max(10_000_000L, Math.min(1_000_000_000L, shortest / 4));
    }

    ServerConfig config() {
        return config;
    }

    JsonCodec json() {
        return json;
    }

    ExchangeListener[] listeners() {
        return listeners;
    }

    ExceptionMapping exceptions() {
        return exceptions;
    }

    long maxContentLength() {
        return maxContentLength;
    }

    long requestTimeoutNanos() {
        return requestTimeoutNanos;
    }

    long headTimeoutNanos() {
        return headTimeoutNanos;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    long tickNanos() {
        return tickNanos;
    }

    boolean inflateRequests() {
        return inflateRequests;
    }

    int maxRequestsPerConnection() {
        return config.maxRequestsPerConnection();
    }

    /** Counts a new connection; false when the limit is reached (the caller closes it). */
    boolean tryOpen() {
        if (counters.openConnections.incrementAndGet() > config.maxConnections()) {
            counters.openConnections.decrementAndGet();
            counters.rejectedConnections.increment();
            return false;
        }
        return true;
    }

    void closed() {
        counters.openConnections.decrementAndGet();
    }

    void register(ServerConnection connection) {
        connections.add(connection);
    }

    void unregister(ServerConnection connection) {
        connections.remove(connection);
        synchronized (connections) {
            connections.notifyAll();
        }
    }

    Set<ServerConnection> connections() {
        return connections;
    }

    /** Waits until no connection is open or the deadline passes; true when none is. */
    boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        synchronized (connections) {
            while (!connections.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                connections.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
            }
        }
        return true;
    }

    void requestReceived() {
        counters.inFlight.incrementAndGet();
    }

    void requestEnded() {
        counters.inFlight.decrementAndGet();
    }

    void requestAborted() {
        counters.aborted.increment();
    }

    void requestTimedOut() {
        counters.timedOut.increment();
    }

    void headTimedOut() {
        counters.headTimeouts.increment();
    }

    void tlsHandshakeFailed(String reason) {
        counters.tlsHandshakeFailed(reason);
    }

    void http2GoAway(String reason) {
        counters.http2GoAway(reason);
    }

    void writeTimedOut() {
        counters.writeTimeouts.increment();
    }

    void notifyComplete(Exchange exchange) {
        for (ExchangeListener listener : listeners) {
            try {
                listener.onComplete(exchange, exchange);
            } catch (RuntimeException e) {
                log.warn(
                        "exchange listener {} failed on completion",
                        listener.getClass().getName(),
                        e);
            }
        }
        List<Consumer<Completion>> callbacks = exchange.callbacks();
        if (callbacks != null) {
            for (Consumer<Completion> callback : callbacks) {
                try {
                    callback.accept(exchange);
                } catch (RuntimeException e) {
                    log.warn("completion callback failed for {}", exchange, e);
                }
            }
        }
    }
}
