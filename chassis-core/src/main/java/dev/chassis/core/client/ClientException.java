package dev.chassis.core.client;

import dev.chassis.core.common.ChassisException;
import org.jspecify.annotations.Nullable;

/**
 * Why an outbound call failed; the subtypes say how: {@link ClientStatusException} (an error
 * status, {@link ClientProblemException} when it came with a problem),
 * {@link ClientConnectException}, {@link ClientTimeoutException} and
 * {@link ClientRejectedException} (refused on this side by a breaker, bulkhead, budget or
 * deadline).
 */
public class ClientException extends ChassisException {
    private static final long serialVersionUID = 1L;

    private final String downstream;
    private final String detail;

    /** Creates an exception about a call to a downstream. */
    public ClientException(String downstream, String message, @Nullable Throwable cause) {
        super(downstream + ": " + message, cause);
        this.downstream = downstream;
        this.detail = message;
    }

    /** Creates an exception about a call to a downstream. */
    public ClientException(String downstream, String message) {
        super(downstream + ": " + message);
        this.downstream = downstream;
        this.detail = message;
    }

    /** The downstream called. */
    public String downstream() {
        return downstream;
    }

    /** The message without the downstream's name in front. */
    public String detail() {
        return detail;
    }

    /**
     * Whether the downstream may have received the call, in this attempt or an earlier one, and so
     * may have acted on it. True unless the call is known never to have reached it: a connection
     * that was never made, or a refusal on this side before any attempt was sent. An outcome that
     * is unknown counts as reached, so that work the call may have done is undone or checked,
     * never taken as not done.
     */
    public boolean reachedServer() {
        return true;
    }
}
