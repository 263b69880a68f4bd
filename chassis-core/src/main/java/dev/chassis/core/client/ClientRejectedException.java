package dev.chassis.core.client;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The call was refused on this side: this attempt did not reach the downstream. When an earlier
 * attempt of the same call failed (the retry was refused), that failure is the cause, and
 * {@link #reachedServer()} tells whether it may have reached the downstream.
 */
public final class ClientRejectedException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** Why a call was refused. */
    public enum Reason {
        /** Every instance's circuit breaker is open. */
        CIRCUIT_OPEN,
        /** The downstream's bulkhead is full. */
        BULKHEAD_FULL,
        /** The downstream's rate limit is reached. */
        RATE_LIMITED,
        /** The retry budget is spent: the call failed and may not be retried now. */
        RETRY_BUDGET,
        /** The request's deadline has passed, so no attempt was started. */
        DEADLINE;

        /** The reason as a metric tag: {@code circuit_open}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    /**
     * Creates the exception; the cause is the failure of the call's earlier attempt when there was
     * one, else the policy's own exception, when there is one.
     */
    public ClientRejectedException(String downstream, Reason reason, String message, @Nullable Throwable cause) {
        super(downstream, message, cause);
        this.reason = reason;
    }

    /** Why the call was refused. */
    public Reason reason() {
        return reason;
    }

    /** Whether an earlier attempt of the call, its cause, may have reached the downstream. */
    @Override
    public boolean reachedServer() {
        return getCause() instanceof ClientException earlier && earlier.reachedServer();
    }
}
