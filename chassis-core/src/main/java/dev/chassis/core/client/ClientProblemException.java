package dev.chassis.core.client;

import dev.chassis.core.http.Problem;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The downstream answered an error with an {@code application/problem+json} body. Its extension
 * members are in {@link #problem()}; a team maps a problem type to a subclass of its own with
 * {@link ProblemType}.
 */
public class ClientProblemException extends ClientStatusException {
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

    /**
     * A copy of another, for a team's subclass made by a {@link ProblemType}: the same downstream,
     * problem, {@code Retry-After}, response and stack.
     */
    protected ClientProblemException(ClientProblemException other) {
        this(
                other.downstream(),
                other.problem,
                other.retryAfter().orElse(null),
                other.response().orElse(null));
        setStackTrace(other.getStackTrace());
    }

    /** The problem the downstream sent. */
    public Problem problem() {
        return problem;
    }
}
