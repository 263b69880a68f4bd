package dev.chassis.core.client;

import java.time.Duration;

/** No response arrived within the time allowed (the attempt's timeout, or the call's deadline). */
public final class ClientTimeoutException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** Creates the exception. */
    public ClientTimeoutException(String downstream, Duration timeout) {
        super(downstream, "no response within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The time that passed. */
    public Duration timeout() {
        return timeout;
    }
}
