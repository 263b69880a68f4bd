package dev.chassis.core.internal.http;

/**
 * What the server's stop sequence does to each open connection: an HTTP/1.1 connection, an HTTP/2
 * connection, or one HTTP/2 stream.
 */
interface ServerConnection {
    /** Starts the graceful end; runs on the connection's event loop. */
    void drain();

    /** At the end of the grace period: answers what is still in flight with 503; on the event loop. */
    void abort();

    /** Runs the task on the connection's event loop; false when that loop has stopped. */
    boolean execute(Runnable task);
}
