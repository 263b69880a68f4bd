package dev.chassis.core.client;

import dev.chassis.core.http.Problem;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The downstream answered an error with an {@code application/problem+json} body. */
public final class ClientProblemException extends ClientStatusException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /** Creates the exception. */
    public ClientProblemException(
            String downstream, Problem problem, @Nullable Duration retryAfter, @Nullable ClientResponse response) {
        super(
                downstream,
                problem.status(),
                problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()),
                retryAfter,
                response);
        this.problem = problem;
    }

    /** The problem the downstream sent. */
    public Problem problem() {
        return problem;
    }
}
