package dev.chassis.data.internal;

import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.HttpStatusException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers 503 with {@code Retry-After}, not 500, when a handler failed because no database
 * connection was to be had: HikariCP's {@link SQLTransientConnectionException} after
 * {@code connection-timeout} (its SQLState is null when the pool was merely exhausted, so the
 * type is what tells), or a source that is not ready. Also when the request's own time ran out
 * while it was in the database: the server has answered 503 already or is about to, and the
 * cancelled query is not a 500 to log.
 */
public final class PoolUnavailableMapper implements ExceptionMapper {
    private final Duration retryAfter;

    public PoolUnavailableMapper(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<HttpStatusException> map(Throwable failure) {
        if (failure instanceof SQLTransientConnectionException) {
            return Optional.of(unavailable("No database connection is free right now; try again shortly.", failure));
        }
        if (failure instanceof SQLException && RequestDeadline.passed()) {
            return Optional.of(unavailable("The request ran out of time in the database.", failure));
        }
        return Optional.empty();
    }

    private HttpStatusException unavailable(String detail, Throwable cause) {
        long seconds = Math.max(1, JdbcSeconds.ceil(retryAfter));
        return new HttpStatusException(503, detail, cause).header("Retry-After", Long.toString(seconds));
    }
}
