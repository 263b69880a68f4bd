package dev.chassis.resilience.internal;

import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.OutboundRequest;
import java.util.Set;

/** Which failed attempts may be tried again. */
final class Retries {
    private Retries() {}

    /**
     * Whether a failure may be retried: a connection failure that never reached the server always
     * may; otherwise only an idempotent call (by method or {@code Idempotency-Key}) that failed
     * with a listed status, a timeout or a connection failure. Refusals (breaker, deadline) never.
     */
    static boolean retryable(OutboundRequest request, ClientException failure, Set<Integer> statuses) {
        if (failure instanceof ClientConnectException connect) {
            return request.idempotent() || !connect.reachedServer();
        }
        if (!request.idempotent()) {
            return false;
        }
        if (failure instanceof ClientStatusException status) {
            return statuses.contains(status.status());
        }
        return failure instanceof ClientTimeoutException;
    }

    /** Whether the failure's {@code Retry-After} should set the wait: on 429 and 503. */
    static boolean honoursRetryAfter(ClientException failure) {
        return failure instanceof ClientStatusException s
                && (s.status() == 429 || s.status() == 503)
                && s.retryAfter().isPresent();
    }

    /**
     * Whether a failure says the downstream is unavailable, so that a fallback may answer: anything
     * but a 4xx answer other than 408 and 429.
     */
    static boolean unavailable(ClientException failure) {
        if (failure instanceof ClientStatusException s) {
            int status = s.status();
            return status >= 500 || status == 408 || status == 429;
        }
        return true;
    }
}
