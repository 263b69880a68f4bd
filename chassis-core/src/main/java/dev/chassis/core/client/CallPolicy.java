package dev.chassis.core.client;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Decides how a logical call is carried out in attempts: retries, bulkheads, rate limits and
 * timeouts. Contributed by {@code chassis-resilience}; without it every call is one attempt bounded
 * by the client's response timeout. At most one policy may be contributed. Implementations must be
 * thread-safe.
 */
public interface CallPolicy {
    /**
     * Runs a call.
     *
     * @param request the call
     * @param attempt starts one attempt: resolves the downstream, picks an instance whose breaker
     *     admits it, and sends; its stage fails with a {@link ClientException}; cancelling the stage
     *     aborts the attempt (its connection is closed)
     * @return the outcome of the call
     */
    <T> CompletionStage<T> execute(OutboundRequest request, Attempt<T> attempt);

    /** One attempt of a call. */
    @FunctionalInterface
    interface Attempt<T> {
        /** Starts the attempt. */
        CompletionStage<T> start();

        /**
         * An outcome standing in for a response, for fallbacks: a 200 whose body is the entity
         * written as JSON (204 with no body for null), read by the caller like any response.
         *
         * @throws UnsupportedOperationException if this attempt cannot make one (the default)
         */
        default T respond(@Nullable Object entity) {
            throw new UnsupportedOperationException("this attempt cannot make a response");
        }
    }
}
