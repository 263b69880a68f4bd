package dev.chassis.core.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * How the service stops. Section {@code lifecycle}.
 *
 * <p>On stop or SIGTERM: readiness turns false, stop hooks run (each within
 * {@code stop-hook-timeout}), {@code propagation-delay} passes so load balancers and discovery
 * stop sending, the listener closes, in-flight requests drain within {@code grace-period}, what is
 * still running is aborted and counted, then resources close.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th></tr>
 * <tr><td>{@code propagation-delay}</td><td>1s</td></tr>
 * <tr><td>{@code grace-period}</td><td>30s</td></tr>
 * <tr><td>{@code stop-hook-timeout}</td><td>5s</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param propagationDelay pause between readiness turning false and the listener closing
 * @param gracePeriod time in-flight requests get to finish
 * @param stopHookTimeout time each stop hook gets
 */
public record LifecycleConfig(Duration propagationDelay, Duration gracePeriod, Duration stopHookTimeout) {
    /** Default {@code propagation-delay}. */
    public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofSeconds(1);
    /** Default {@code grace-period}. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    /** Default {@code stop-hook-timeout}. */
    public static final Duration DEFAULT_STOP_HOOK_TIMEOUT = Duration.ofSeconds(5);

    /** The section this record binds. */
    public static final ConfigSection<LifecycleConfig> SECTION =
            ConfigSection.of("lifecycle", LifecycleConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public LifecycleConfig {
        Checks.notNegative("propagation-delay", propagationDelay);
        Checks.notNegative("grace-period", gracePeriod);
        Checks.positive("stop-hook-timeout", stopHookTimeout);
    }

    /** The defaults listed above. */
    public static LifecycleConfig defaults() {
        return new LifecycleConfig(DEFAULT_PROPAGATION_DELAY, DEFAULT_GRACE_PERIOD, DEFAULT_STOP_HOOK_TIMEOUT);
    }
}
