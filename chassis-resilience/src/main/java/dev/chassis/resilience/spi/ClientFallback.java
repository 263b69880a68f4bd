package dev.chassis.resilience.spi;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.OutboundRequest;
import java.util.Optional;

/**
 * Answers a failed call to one downstream instead of the failure: contributed per downstream with
 * a map binding.
 *
 * <pre>{@code
 * @Provides @IntoMap @StringKey("recommendations")
 * static ClientFallback noRecommendations() {
 *     return ClientFallback.of(List.of());
 * }
 * }</pre>
 *
 * <p>The answer is written as JSON and read by the caller like a 200 response, so it must have
 * the shape the caller asks for; an empty answer lets the failure stand. It is asked only after
 * every other policy has had its turn, only when the call has no fallback of its own, and only for
 * failures that say the downstream is unavailable: 5xx, 408 and 429 answers, timeouts, connection
 * failures and refusals (breaker, bulkhead, rate limit, retry budget, deadline); never for other
 * 4xx answers. With {@code fallback.mode: last-good} a remembered answer comes first.
 * Implementations must be thread-safe and should not block.
 */
@FunctionalInterface
public interface ClientFallback {
    /**
     * The answer to a failed call.
     *
     * @param request the call
     * @param failure why it failed
     * @return the entity to answer with, empty to let the failure stand
     */
    Optional<Object> answer(OutboundRequest request, ClientException failure);

    /** A fallback that always answers with this value. */
    static ClientFallback of(Object value) {
        requireNonNull(value, "value");
        Optional<Object> answer = Optional.of(value);
        return (request, failure) -> answer;
    }
}
