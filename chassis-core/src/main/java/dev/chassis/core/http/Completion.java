package dev.chassis.core.http;

import java.util.Optional;

/**
 * How an exchange ended, given to {@link Request#onComplete} callbacks and
 * {@link ExchangeListener#onComplete}.
 */
public interface Completion {
    /** How the exchange ended. */
    enum Outcome {
        /** A response was written in full. */
        COMPLETED,
        /** The peer closed the connection or writing failed before the response was sent. */
        CLIENT_CLOSED,
        /** The server gave up on it during shutdown, after the grace period. */
        ABORTED,
        /**
         * The response was not wholly written within {@code server.write-timeout}, as when the
         * client reads too slowly; the connection was closed.
         */
        WRITE_TIMEOUT
    }

    /** The status sent, or that would have been sent. */
    int status();

    /** How the exchange ended. */
    Outcome outcome();

    /** Bytes of request body received. */
    long bytesIn();

    /** Bytes of response body sent (the count the {@code Content-Length} gave). */
    long bytesOut();

    /** Nanoseconds from the end of the request head to the end of the exchange. */
    long durationNanos();

    /** The exception behind a 5xx, when there was one. */
    Optional<Throwable> failure();

    /**
     * Why the server refused the request before running a handler, such as {@code "pool-full"},
     * {@code "body-too-large"}, {@code "bad-request"}; empty when a handler ran.
     */
    Optional<String> rejection();
}
