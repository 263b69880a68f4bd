package dev.chassis.core.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
         * Starts the attempt with a time limit of its own, on top of the client's response timeout
         * and the call's deadline: when it passes first, the attempt is aborted (its connection is
         * closed) and its stage fails. The chassis client keeps the limit with the attempt's own
         * response timer on the connection's event loop, so a policy needs no timer of its own and
         * the stage fails with a {@link ClientTimeoutException}; the default starts the attempt
         * and cancels it when the limit passes, failing the stage with a
         * {@link java.util.concurrent.TimeoutException}.
         *
         * @param limit how long the attempt may take, from now
         */
        default CompletionStage<T> start(Duration limit) {
            CompletableFuture<T> running = start().toCompletableFuture();
            CompletableFuture<T> bounded = running.copy().orTimeout(limit.toNanos(), TimeUnit.NANOSECONDS);
            bounded.whenComplete((value, failure) -> {
                if (failure instanceof TimeoutException || bounded.isCancelled()) {
                    running.cancel(true);
                }
            });
            return bounded;
        }

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
