package dev.chassis.core.client;

/**
 * No response arrived because of the connection: refused, reset, unresolvable, no instance to
 * call. {@link #reachedServer()} tells whether the request may have been received, which decides
 * whether a non-idempotent call may be retried.
 */
public final class ClientConnectException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final boolean reachedServer;

    /** Creates the exception. */
    public ClientConnectException(String downstream, String message, boolean reachedServer, Throwable cause) {
        super(downstream, message, cause);
        this.reachedServer = reachedServer;
    }

    /** Creates the exception for a failure with no underlying cause, such as no instances. */
    public ClientConnectException(String downstream, String message) {
        super(downstream, message);
        this.reachedServer = false;
    }

    /**
     * Whether the request may have reached the server before the connection failed (or, when the
     * call was retried, in an earlier attempt).
     */
    @Override
    public boolean reachedServer() {
        return reachedServer;
    }
}
