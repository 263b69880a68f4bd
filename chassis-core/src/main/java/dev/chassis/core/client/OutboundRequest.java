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
     * The path with its parameters filled in and the query, such as
     * {@code /accounts/42?currency=EUR}: what identifies the resource, for a cache of answers.
     * Unbounded, so never a metric tag.
     */
    String path();

    /**
     * Whether repeating the call is safe: the method is GET, HEAD, OPTIONS, PUT or DELETE, or the
     * request carries an {@code Idempotency-Key}.
     */
    boolean idempotent();

    /** The deadline the call must meet: the caller's request's, when there is one. */
    Optional<Deadline> deadline();

    /**
     * Whether the call has its own fallback ({@link ClientRequest#fallback}), which then answers
     * any failure the policy lets through: a policy's own, per-client fallback should step aside.
     */
    boolean hasFallback();
}
