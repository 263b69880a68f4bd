package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP server: where it listens, how it runs handlers, and the limits that protect it.
 * Section {@code server}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code host}</td><td>{@code 0.0.0.0}</td><td>address to bind</td></tr>
 * <tr><td>{@code port}</td><td>8080</td><td>0 binds an ephemeral port; {@code Service.port()} reads it</td></tr>
 * <tr><td>{@code transport}</td><td>{@code auto}</td><td>{@code auto} (native epoll where available), {@code epoll}, {@code nio}</td></tr>
 * <tr><td>{@code event-loop-threads}</td><td>0</td><td>0 means one per available processor</td></tr>
 * <tr><td>{@code executor}</td><td>{@code auto}</td><td>handlers run on {@code virtual} threads (Java 21+) or a bounded {@code pool}; {@code auto} picks virtual where the JVM has them</td></tr>
 * <tr><td>{@code worker-threads}</td><td>200</td><td>size of the bounded pool</td></tr>
 * <tr><td>{@code worker-queue}</td><td>1000</td><td>requests that may wait for a pool thread; beyond that the answer is 503 at once</td></tr>
 * <tr><td>{@code max-concurrent-requests}</td><td>10000</td><td>handlers running at once off the event loop; beyond that 503</td></tr>
 * <tr><td>{@code max-initial-line-length}</td><td>8KiB</td><td>request line; longer gets 414</td></tr>
 * <tr><td>{@code max-header-size}</td><td>16KiB</td><td>all header lines together; larger gets 431</td></tr>
 * <tr><td>{@code max-header-count}</td><td>100</td><td>header fields; more gets 431</td></tr>
 * <tr><td>{@code max-content-length}</td><td>10MiB</td><td>request body; larger gets 413 as soon as it is known</td></tr>
 * <tr><td>{@code request-head-timeout}</td><td>10s</td><td>time from the first byte of a request to the end of its head; then 408 and close</td></tr>
 * <tr><td>{@code idle-timeout}</td><td>60s</td><td>a connection with no request in flight and no traffic is closed</td></tr>
 * <tr><td>{@code request-timeout}</td><td>30s</td><td>from the end of the head to the response; a late body gets 408, a late handler 503</td></tr>
 * <tr><td>{@code max-connections}</td><td>10000</td><td>further connections are closed on accept</td></tr>
 * <tr><td>{@code max-requests-per-connection}</td><td>0</td><td>0 is unlimited; otherwise the last response carries {@code Connection: close}</td></tr>
 * <tr><td>{@code write-timeout}</td><td>30s</td><td>a response not wholly written to the socket within this (a client that reads too slowly) is given up and the connection closed</td></tr>
 * <tr><td>{@code tls.*}</td><td>off</td><td>TLS and mTLS: see {@link TlsConfig}</td></tr>
 * <tr><td>{@code compression.*}</td><td>off</td><td>gzip responses and request bodies: see {@link CompressionConfig}</td></tr>
 * <tr><td>{@code http2.*}</td><td>off</td><td>h2 through ALPN and h2c by prior knowledge, with their limits: see {@link Http2Config}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param host address to bind
 * @param port port to bind, 0 for an ephemeral one
 * @param transport the Netty transport
 * @param eventLoopThreads event-loop threads, 0 for one per processor
 * @param executor where handlers run
 * @param workerThreads threads of the bounded pool
 * @param workerQueue requests that may wait for a pool thread
 * @param maxConcurrentRequests handlers running at once off the event loop
 * @param maxInitialLineLength longest request line
 * @param maxHeaderSize largest request head
 * @param maxHeaderCount most header fields
 * @param maxContentLength largest request body
 * @param requestHeadTimeout deadline for a complete request head
 * @param idleTimeout idle connections are closed after this
 * @param requestTimeout deadline from request head to response
 * @param maxConnections open connections at most
 * @param maxRequestsPerConnection requests per keep-alive connection, 0 for no limit
 * @param writeTimeout deadline for writing one response to the socket
 * @param tls TLS on the server
 * @param compression gzip responses and request bodies
 * @param http2 HTTP/2 on the server
 */
public record ServerConfig(
        String host,
        int port,
        Transport transport,
        int eventLoopThreads,
        Executor executor,
        int workerThreads,
        int workerQueue,
        int maxConcurrentRequests,
        DataSize maxInitialLineLength,
        DataSize maxHeaderSize,
        int maxHeaderCount,
        DataSize maxContentLength,
        Duration requestHeadTimeout,
        Duration idleTimeout,
        Duration requestTimeout,
        int maxConnections,
        int maxRequestsPerConnection,
        Duration writeTimeout,
        TlsConfig tls,
        CompressionConfig compression,
        Http2Config http2) {

    /** Default {@code host}. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default {@code port}. */
    public static final int DEFAULT_PORT = 8080;
    /** Default {@code worker-threads}. */
    public static final int DEFAULT_WORKER_THREADS = 200;
    /** Default {@code worker-queue}. */
    public static final int DEFAULT_WORKER_QUEUE = 1000;
    /** Default {@code max-concurrent-requests}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 10_000;
    /** Default {@code max-initial-line-length}. */
    public static final DataSize DEFAULT_MAX_INITIAL_LINE_LENGTH = DataSize.ofKibibytes(8);
    /** Default {@code max-header-size}. */
    public static final DataSize DEFAULT_MAX_HEADER_SIZE = DataSize.ofKibibytes(16);
    /** Default {@code max-header-count}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Default {@code max-content-length}. */
    public static final DataSize DEFAULT_MAX_CONTENT_LENGTH = DataSize.ofMebibytes(10);
    /** Default {@code request-head-timeout}. */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code idle-timeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code request-timeout}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code max-connections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default {@code write-timeout}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** The section this record binds; declared after the defaults it reads. */
    public static final ConfigSection<ServerConfig> SECTION =
            ConfigSection.of("server", ServerConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public ServerConfig {
        Checks.notBlank("host", host);
        Checks.range("port", port, 0, 65_535);
        requireNonNull(transport, "transport");
        Checks.range("event-loop-threads", eventLoopThreads, 0, 1024);
        requireNonNull(executor, "executor");
        Checks.range("worker-threads", workerThreads, 1, 100_000);
        Checks.range("worker-queue", workerQueue, 0, 1_000_000);
        Checks.atLeast("max-concurrent-requests", maxConcurrentRequests, 1);
        Checks.that(
                maxInitialLineLength != null && maxInitialLineLength.bytes() > 0,
                "max-initial-line-length",
                maxInitialLineLength,
                "> 0");
        Checks.that(maxHeaderSize != null && maxHeaderSize.bytes() > 0, "max-header-size", maxHeaderSize, "> 0");
        Checks.range("max-header-count", maxHeaderCount, 1, 10_000);
        Checks.that(
                maxContentLength != null && maxContentLength.bytes() > 0,
                "max-content-length",
                maxContentLength,
                "> 0");
        Checks.positive("request-head-timeout", requestHeadTimeout);
        Checks.positive("idle-timeout", idleTimeout);
        Checks.positive("request-timeout", requestTimeout);
        Checks.atLeast("max-connections", maxConnections, 1);
        Checks.atLeast("max-requests-per-connection", maxRequestsPerConnection, 0);
        Checks.positive("write-timeout", writeTimeout);
        requireNonNull(tls, "tls");
        requireNonNull(compression, "compression");
        requireNonNull(http2, "http2");
    }

    /** The defaults listed above. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                Transport.AUTO,
                0,
                Executor.AUTO,
                DEFAULT_WORKER_THREADS,
                DEFAULT_WORKER_QUEUE,
                DEFAULT_MAX_CONCURRENT_REQUESTS,
                DEFAULT_MAX_INITIAL_LINE_LENGTH,
                DEFAULT_MAX_HEADER_SIZE,
                DEFAULT_MAX_HEADER_COUNT,
                DEFAULT_MAX_CONTENT_LENGTH,
                DEFAULT_REQUEST_HEAD_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                0,
                DEFAULT_WRITE_TIMEOUT,
                TlsConfig.defaults(),
                CompressionConfig.defaults(),
                Http2Config.defaults());
    }

    /** The Netty transport. */
    public enum Transport {
        /** Native epoll where available, NIO otherwise. */
        AUTO,
        /** Native epoll; start-up fails where it is not available. */
        EPOLL,
        /** Java NIO. */
        NIO;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where handlers run when they do not opt in to the event loop. */
    public enum Executor {
        /** Virtual threads where the JVM has them (21+), the bounded pool otherwise. */
        AUTO,
        /** Virtual threads; start-up fails on a JVM without them. */
        VIRTUAL,
        /** The bounded pool of {@code worker-threads}. */
        POOL;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
