package dev.chassis.observability.internal;

import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.HttpStatusException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry {@code error.type} of an exchange or an outbound attempt, as the HTTP
 * semantic conventions define it: the exception's class name when one failed it, the status code
 * as a string when the status alone says it failed, a low-cardinality word when it ended without
 * either, and none when it succeeded.
 */
final class ErrorTypes {
    private ErrorTypes() {}

    /**
     * A server exchange: the class name of a handler's exception (a status the handler chose, an
     * {@link HttpStatusException}, is a status, not an exception), else the status of a 5xx, else
     * {@code client_closed} or {@code aborted} when no response was written in full; null when
     * none of these.
     */
    static @Nullable String server(Completion completion) {
        Throwable failure = completion.failure().orElse(null);
        if (failure != null && !(failure instanceof HttpStatusException)) {
            return failure.getClass().getName();
        }
        int status = completion.status();
        if (status >= 500) {
            return Integer.toString(status);
        }
        if (completion.outcome() != Completion.Outcome.COMPLETED) {
            return completion.outcome().name().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /**
     * An outbound attempt: the class name of what failed it (unwrapped from the completion
     * wrappers), else the status of a 4xx or 5xx, which a client counts as failures (a
     * {@link ClientStatusException} says no more than that status); null for any other answer.
     */
    static @Nullable String client(int status, @Nullable Throwable failure) {
        if (failure != null) {
            Throwable t = failure;
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            if (!(t instanceof ClientStatusException && status >= 400)) {
                return t.getClass().getName();
            }
        }
        return status >= 400 ? Integer.toString(status) : null;
    }
}
