package dev.chassis.core.client;

import dev.chassis.core.context.Deadline;
import java.util.Optional;

/**
 * One logical outbound call, as a {@link CallPolicy} sees it: the same for every attempt.
 */
public interface OutboundRequest {
    /** The logical name of the service called. */
    String downstream();

    /** The method, upper case. */
    String method();

    /** The path template, such as {@code /accounts/{id}}. */
    String route();

    /**
     * Whether repeating the call is safe: the method is GET, HEAD, OPTIONS, PUT or DELETE, or the
     * request carries an {@code Idempotency-Key}.
     */
    boolean idempotent();

    /** The deadline the call must meet: the caller's request's, when there is one. */
    Optional<Deadline> deadline();
}
