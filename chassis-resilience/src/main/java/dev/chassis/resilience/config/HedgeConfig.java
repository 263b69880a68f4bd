package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * Hedged requests: for an idempotent call (by method or {@code Idempotency-Key}) still unanswered
 * after a wait, a second attempt is sent; the first answer wins and the other attempt is
 * cancelled. The wait is {@code delay}, or, with a {@code percentile}, the downstream's observed
 * latency at that percentile (attempts answered over the last {@code window}, {@code delay} until
 * {@code min-observations} exist), never less than {@code min-delay}.
 *
 * @param enabled whether calls are hedged
 * @param delay the wait before the hedge, or the wait until enough latencies are observed
 * @param percentile the observed percentile to wait, 0 for the fixed {@code delay}
 * @param minDelay the shortest wait an observed percentile may give
 * @param window how far back observed latencies count
 * @param minObservations attempts observed in the window before the percentile is used
 */
public record HedgeConfig(
        boolean enabled, Duration delay, double percentile, Duration minDelay, Duration window, int minObservations) {
    /** Default {@code delay}. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(50);
    /** Default {@code min-delay}. */
    public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(5);
    /** Default {@code window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    /** Default {@code min-observations}. */
    public static final int DEFAULT_MIN_OBSERVATIONS = 20;

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public HedgeConfig {
        Checks.between("delay", delay, Duration.ofMillis(1), Duration.ofMinutes(1));
        if (percentile != 0) {
            Checks.range("percentile", percentile, 0.5, 0.999);
        }
        Checks.between("min-delay", minDelay, Duration.ofMillis(1), Duration.ofMinutes(1));
        Checks.between("window", window, Duration.ofSeconds(1), Duration.ofMinutes(10));
        Checks.range("min-observations", minObservations, 1, 1_000_000);
    }

    /** The defaults listed on {@link PolicyConfig}: off. */
    public static HedgeConfig defaults() {
        return new HedgeConfig(false, DEFAULT_DELAY, 0, DEFAULT_MIN_DELAY, DEFAULT_WINDOW, DEFAULT_MIN_OBSERVATIONS);
    }
}
