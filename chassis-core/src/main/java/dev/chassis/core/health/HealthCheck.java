package dev.chassis.core.health;

/**
 * A check behind {@code /health/ready} or {@code /health/live}, contributed with
 * {@code @Provides @IntoSet HealthCheck}.
 *
 * <pre>{@code
 * final class DatabaseCheck implements HealthCheck {
 *     public String name() { return "database"; }
 *     public Health check() { return pool.isRunning() ? Health.up() : Health.down("pool closed"); }
 * }
 * }</pre>
 *
 * <p>Checks run on a request thread each time the endpoint is asked and should bound their own
 * time (a query with a timeout, not an open-ended wait). A check that throws counts as down with
 * the exception's message. Readiness checks decide whether traffic is sent to this instance;
 * liveness checks whether it should be restarted, so keep them to what a restart would fix.
 * Implementations must be thread-safe.
 */
public interface HealthCheck {
    /** Which endpoint a check counts for. */
    enum Kind {
        /** {@code /health/ready}: may this instance take traffic? */
        READINESS,
        /** {@code /health/live}: is the process sound, or should it be restarted? */
        LIVENESS
    }

    /** The check's name in the health document: letters, digits, dashes. */
    String name();

    /** Which endpoint it counts for; readiness unless overridden. */
    default Kind kind() {
        return Kind.READINESS;
    }

    /**
     * Runs the check.
     *
     * @throws Exception counted as down, with the message as the detail
     */
    Health check() throws Exception;
}
