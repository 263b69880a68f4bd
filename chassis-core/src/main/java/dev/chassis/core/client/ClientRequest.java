package dev.chassis.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An outbound request being built, then sent blocking ({@code send}) or not ({@code sendAsync}).
 * A 2xx answer is read as JSON into the type asked for (204 gives {@code null}); anything else
 * fails with a {@link ClientException}. Asynchronous results complete on a chassis task thread
 * with the caller's context (correlation ID, trace, deadline), never on an event loop.
 *
 * <p>Not thread-safe; send once.
 */
public interface ClientRequest {
    /**
     * Adds a header.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a control
     *     character
     */
    ClientRequest header(String name, String value);

    /** Adds a query parameter; the value's {@code toString()}, percent-encoded. */
    ClientRequest query(String name, Object value);

    /** Sets a JSON body. */
    ClientRequest body(Object entity);

    /**
     * Sets {@code Idempotency-Key}, which makes the call safe to retry whatever its method: the
     * downstream promises to apply it once per key.
     */
    ClientRequest idempotencyKey(String key);

    /**
     * Answers with a value computed from the failure instead of failing, after every policy
     * (retries included) has had its turn: the outermost step of a call.
     */
    <T> ClientRequest fallback(Function<? super ClientException, ? extends T> fallback);

    /**
     * Sends and reads the answer as JSON.
     *
     * @throws ClientException when the call fails; a thread interrupted while waiting gets a
     *     {@link ClientException} with the interruption as cause, its interrupt flag set again
     */
    <T> T send(Class<T> type);

    /** As {@link #send(Class)} for generic types. */
    <T> T send(TypeReference<T> type);

    /**
     * Sends and returns the response whatever its status.
     *
     * @throws ClientException when no response arrives
     */
    ClientResponse send();

    /** Sends without blocking; the stage fails with a {@link ClientException}. */
    <T> CompletionStage<T> sendAsync(Class<T> type);

    /** As {@link #sendAsync(Class)} for generic types. */
    <T> CompletionStage<T> sendAsync(TypeReference<T> type);
}
