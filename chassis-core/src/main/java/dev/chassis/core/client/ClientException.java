package dev.chassis.core.client;

import dev.chassis.core.ChassisException;

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

    /** Creates an exception about a call to a downstream. */
    public ClientException(String downstream, String message, Throwable cause) {
        super(downstream + ": " + message, cause);
        this.downstream = downstream;
    }

    /** Creates an exception about a call to a downstream. */
    public ClientException(String downstream, String message) {
        super(downstream + ": " + message);
        this.downstream = downstream;
    }

    /** The downstream called. */
    public String downstream() {
        return downstream;
    }
}
