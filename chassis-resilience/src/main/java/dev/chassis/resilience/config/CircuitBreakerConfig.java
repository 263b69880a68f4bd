package dev.chassis.resilience.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The circuit breaker of each instance of the downstream.
 *
 * @param enabled whether instances have breakers
 * @param windowType whether the window is a number of calls or a time
 * @param failureRatio the share of failures that opens the breaker
 * @param windowSize calls counted, for {@link WindowType#COUNT}
 * @param window time counted, for {@link WindowType#TIME}
 * @param minimumCalls calls in the window before the ratio counts, for {@link WindowType#TIME}
 * @param delay how long the breaker stays open
 * @param halfOpenCalls trial calls while half-open
 * @param successesToClose successful trials that close the breaker
 * @param slowCallDuration calls slower than this count as failures; zero for none
 * @param failureOn what counts as a failure
 */
public record CircuitBreakerConfig(
        boolean enabled,
        WindowType windowType,
        double failureRatio,
        int windowSize,
        Duration window,
        int minimumCalls,
        Duration delay,
        int halfOpenCalls,
        int successesToClose,
        Duration slowCallDuration,
        Set<Failure> failureOn) {
    /** Default {@code failure-ratio}. */
    public static final double DEFAULT_FAILURE_RATIO = 0.5;
    /** Default {@code window-size}. */
    public static final int DEFAULT_WINDOW_SIZE = 20;
    /** Default {@code window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    /** Default {@code minimum-calls}. */
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    /** Default {@code delay}. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);
    /** Default {@code half-open-calls}. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public CircuitBreakerConfig {
        Checks.notNull("window-type", windowType);
        if (!(failureRatio > 0.0 && failureRatio <= 1.0)) {
            throw new IllegalArgumentException("failure-ratio: " + failureRatio + " (expected: > 0 and <= 1)");
        }
        Checks.range("window-size", windowSize, 1, 10_000);
        Checks.between("window", window, Duration.ofSeconds(1), Duration.ofHours(1));
        Checks.range("minimum-calls", minimumCalls, 1, 100_000);
        Checks.between("delay", delay, Duration.ofMillis(1), Duration.ofHours(1));
        Checks.range("half-open-calls", halfOpenCalls, 1, 1000);
        Checks.range("successes-to-close", successesToClose, 1, halfOpenCalls);
        Checks.notNegative("slow-call-duration", slowCallDuration);
        failureOn = Set.copyOf(Checks.notNull("failure-on", failureOn));
    }

    /** The defaults listed on {@link PolicyConfig}. */
    public static CircuitBreakerConfig defaults() {
        return new CircuitBreakerConfig(
                true,
                WindowType.COUNT,
                DEFAULT_FAILURE_RATIO,
                DEFAULT_WINDOW_SIZE,
                DEFAULT_WINDOW,
                DEFAULT_MINIMUM_CALLS,
                DEFAULT_DELAY,
                DEFAULT_HALF_OPEN_CALLS,
                DEFAULT_HALF_OPEN_CALLS,
                Duration.ZERO,
                Set.of(Failure.SERVER_ERROR, Failure.TIMEOUT, Failure.CONNECT));
    }

    /** Whether the window is a number of calls or a time. */
    public enum WindowType {
        /** The last {@code window-size} calls. */
        COUNT,
        /** The calls of the last {@code window}. */
        TIME;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What may count as a failed call. */
    public enum Failure {
        /** A 5xx answer. */
        SERVER_ERROR("5xx"),
        /** No answer in time. */
        TIMEOUT("timeout"),
        /** The connection could not be made or broke. */
        CONNECT("connect");

        private final String key;

        Failure(String key) {
            this.key = key;
        }

        @JsonValue
        @Override
        public String toString() {
            return key;
        }
    }
}
