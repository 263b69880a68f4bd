package dev.chassis.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import dev.chassis.core.http.HttpStatusException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolUnavailableMapperTest {
    private final PoolUnavailableMapper mapper = new PoolUnavailableMapper(Duration.ofMillis(1500));

    /** What the mapper answers while a request with this much time is running on this thread. */
    private Optional<HttpStatusException> inRequest(Duration requestTimeout, Throwable failure) throws Exception {
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(requestTimeout))) {
            return mapper.map(failure);
        }
    }

    @Test
    void poolTimeoutIs503WithRetryAfterInWholeSecondsAndTheCause() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "main - Connection is not available, request timed out after 1000ms (total=10, active=10, idle=0, waiting=1)");

        HttpStatusException e = mapper.map(timeout).orElseThrow();

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.detail()).isEqualTo("No database connection is free right now; try again shortly.");
        assertThat(e.headers()).containsExactly(Map.entry("Retry-After", "2"));
        assertThat(e.getCause()).isSameAs(timeout);
    }

    @Test
    void otherDatabaseFailuresAreLeftAlone() {
        assertThat(mapper.map(new SQLException("syntax error", "42601"))).isEmpty();
        assertThat(mapper.map(new IllegalStateException("no"))).isEmpty();
    }

    @Test
    void databaseFailureAfterTheRequestsTimeRanOutIs503() throws Exception {
        SQLException cancelled = new SQLException("canceling statement due to user request", "57014");

        HttpStatusException e = inRequest(Duration.ofNanos(1), cancelled).orElseThrow();

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.detail()).isEqualTo("The request ran out of time in the database.");
        assertThat(e.getCause()).isSameAs(cancelled);
    }

    @Test
    void databaseFailureWithTimeLeftIsLeftAlone() throws Exception {
        assertThat(inRequest(Duration.ofSeconds(30), new SQLException("duplicate key", "23505")))
                .isEmpty();
    }

    @Test
    void queryTimeoutIsTheRequestsRemainingTimeInsideAndTheConfiguredOneOutside() throws Exception {
        assertThat(RequestDeadline.queryTimeoutSeconds(0)).isZero();
        assertThat(RequestDeadline.queryTimeoutSeconds(7)).isEqualTo(7);

        int[] inside;
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(Duration.ofMillis(2500)))) {
            inside = new int[] {
                RequestDeadline.queryTimeoutSeconds(0),
                RequestDeadline.queryTimeoutSeconds(1),
                RequestDeadline.queryTimeoutSeconds(60)
            };
        }
        assertThat(inside).containsExactly(3, 1, 3);
        assertThat(RequestDeadline.queryTimeoutSeconds(0))
                .as("cleared after the request")
                .isZero();
    }
}
