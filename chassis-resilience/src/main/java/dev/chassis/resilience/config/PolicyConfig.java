package dev.chassis.resilience.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import dev.chassis.resilience.spi.ClientFallback;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The policies around the calls to one downstream, under {@code resilience.<name>}. Keys not given
 * take these defaults.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code retry.max-attempts}</td><td>3</td><td>attempts per call, the first included; 1 turns retries off</td></tr>
 * <tr><td>{@code retry.initial-backoff}</td><td>100ms</td><td>wait before the first retry, before jitter</td></tr>
 * <tr><td>{@code retry.max-backoff}</td><td>2s</td><td>no wait is longer, jitter and {@code Retry-After} included</td></tr>
 * <tr><td>{@code retry.multiplier}</td><td>2.0</td><td>each wait is this many times the one before</td></tr>
 * <tr><td>{@code retry.jitter}</td><td>0.5</td><td>each wait is drawn from ± this share of its value</td></tr>
 * <tr><td>{@code retry.statuses}</td><td>[408, 429, 500, 502, 503, 504]</td><td>statuses that may be retried: 408, 429 and 5xx only</td></tr>
 * <tr><td>{@code retry-budget.enabled}</td><td>true</td><td>retries are limited by the downstream's budget</td></tr>
 * <tr><td>{@code retry-budget.ratio}</td><td>0.2</td><td>retries may be this share of the calls in the window...</td></tr>
 * <tr><td>{@code retry-budget.min-retries-per-second}</td><td>1</td><td>...plus this many per second of the window</td></tr>
 * <tr><td>{@code retry-budget.window}</td><td>10s</td><td>how far back calls and retries count</td></tr>
 * <tr><td>{@code bulkhead.enabled}</td><td>true</td><td>calls in flight to the downstream are limited</td></tr>
 * <tr><td>{@code bulkhead.max-concurrent}</td><td>100</td><td>calls in flight at once, retries and their waits included</td></tr>
 * <tr><td>{@code bulkhead.max-wait}</td><td>0s</td><td>how long a call may wait for room; 0 refuses the excess at once</td></tr>
 * <tr><td>{@code rate-limiter.enabled}</td><td>false</td><td>calls are limited to a rate</td></tr>
 * <tr><td>{@code rate-limiter.mode}</td><td>{@code smooth}</td><td>{@code smooth} spreads calls evenly over the period, {@code bursty} allows the whole limit at once</td></tr>
 * <tr><td>{@code rate-limiter.limit}</td><td>100</td><td>calls per period</td></tr>
 * <tr><td>{@code rate-limiter.period}</td><td>1s</td><td></td></tr>
 * <tr><td>{@code rate-limiter.max-wait}</td><td>0s</td><td>how long a call may wait for its turn; 0 refuses the excess at once</td></tr>
 * <tr><td>{@code circuit-breaker.enabled}</td><td>true</td><td>one breaker per instance of the downstream</td></tr>
 * <tr><td>{@code circuit-breaker.window-type}</td><td>{@code count}</td><td>{@code count}: the last {@code window-size} calls; {@code time}: the calls of the last {@code window}</td></tr>
 * <tr><td>{@code circuit-breaker.failure-ratio}</td><td>0.5</td><td>the share of failed calls in the window that opens the breaker</td></tr>
 * <tr><td>{@code circuit-breaker.window-size}</td><td>20</td><td>calls counted, for {@code count}</td></tr>
 * <tr><td>{@code circuit-breaker.window}</td><td>30s</td><td>time counted, for {@code time}</td></tr>
 * <tr><td>{@code circuit-breaker.minimum-calls}</td><td>10</td><td>calls in the window before the ratio counts, for {@code time}</td></tr>
 * <tr><td>{@code circuit-breaker.delay}</td><td>5s</td><td>how long it stays open; the next call after it is a half-open trial</td></tr>
 * <tr><td>{@code circuit-breaker.half-open-calls}</td><td>3</td><td>trial calls let through while half-open</td></tr>
 * <tr><td>{@code circuit-breaker.successes-to-close}</td><td>3</td><td>successful trials that close it; fewer open it again</td></tr>
 * <tr><td>{@code circuit-breaker.slow-call-duration}</td><td>0s</td><td>a call slower than this counts as a failure; 0 turns this off</td></tr>
 * <tr><td>{@code circuit-breaker.failure-on}</td><td>[5xx, timeout, connect]</td><td>what counts as a failure; a 4xx answer never does</td></tr>
 * <tr><td>{@code timeout.per-attempt}</td><td>0s</td><td>each attempt is cancelled after this; 0 leaves it to {@code clients.<name>.response-timeout}</td></tr>
 * <tr><td>{@code fallback.mode}</td><td>{@code none}</td><td>{@code last-good}: a failed GET is answered with the last good answer to the same path</td></tr>
 * <tr><td>{@code fallback.max-entries}</td><td>1000</td><td>paths remembered, least recently used forgotten first</td></tr>
 * <tr><td>{@code fallback.max-age}</td><td>5m</td><td>older answers are not used</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe; the builder is not.
 *
 * @param retry retries
 * @param retryBudget the downstream's retry budget
 * @param bulkhead calls in flight
 * @param rateLimiter calls per period
 * @param circuitBreaker per-instance breakers
 * @param timeout the per-attempt timeout
 * @param fallback the per-client fallback
 */
public record PolicyConfig(
        Retry retry,
        RetryBudget retryBudget,
        Bulkhead bulkhead,
        RateLimiter rateLimiter,
        CircuitBreaker circuitBreaker,
        Timeout timeout,
        Fallback fallback) {

    /**
     * Checks that every part is there.
     *
     * @throws IllegalArgumentException naming a missing part
     */
    public PolicyConfig {
        Checks.notNull("retry", retry);
        Checks.notNull("retry-budget", retryBudget);
        Checks.notNull("bulkhead", bulkhead);
        Checks.notNull("rate-limiter", rateLimiter);
        Checks.notNull("circuit-breaker", circuitBreaker);
        Checks.notNull("timeout", timeout);
        Checks.notNull("fallback", fallback);
    }

    /** The defaults listed above. */
    public static PolicyConfig defaults() {
        return new PolicyConfig(
                Retry.defaults(),
                RetryBudget.defaults(),
                Bulkhead.defaults(),
                RateLimiter.defaults(),
                CircuitBreaker.defaults(),
                Timeout.defaults(),
                Fallback.defaults());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Retries of a failed call.
     *
     * @param maxAttempts attempts per call, the first included
     * @param initialBackoff wait before the first retry
     * @param maxBackoff longest wait
     * @param multiplier growth of the wait from one retry to the next
     * @param jitter share of the wait drawn at random, either way
     * @param statuses statuses that may be retried
     */
    public record Retry(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            double multiplier,
            double jitter,
            Set<Integer> statuses) {
        /** Default {@code max-attempts}. */
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        /** Default {@code initial-backoff}. */
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
        /** Default {@code max-backoff}. */
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
        /** Default {@code multiplier}. */
        public static final double DEFAULT_MULTIPLIER = 2.0;
        /** Default {@code jitter}. */
        public static final double DEFAULT_JITTER = 0.5;
        /** Default {@code statuses}. */
        public static final Set<Integer> DEFAULT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first key out of range, or a status other
         *     than 408, 429 and 5xx
         */
        public Retry {
            Checks.range("max-attempts", maxAttempts, 1, 10);
            Checks.between("initial-backoff", initialBackoff, Duration.ofMillis(1), Duration.ofMinutes(1));
            Checks.between("max-backoff", maxBackoff, initialBackoff, Duration.ofMinutes(5));
            Checks.range("multiplier", multiplier, 1.0, 10.0);
            Checks.range("jitter", jitter, 0.0, 1.0);
            statuses = Set.copyOf(Checks.notNull("statuses", statuses));
            for (int status : statuses) {
                if (status != 408 && status != 429 && (status < 500 || status > 599)) {
                    throw new IllegalArgumentException(
                            "statuses: " + status + " (expected: 408, 429 or 500-599; other 4xx are never retried)");
                }
            }
        }

        /** The defaults listed on {@link PolicyConfig}. */
        public static Retry defaults() {
            return new Retry(
                    DEFAULT_MAX_ATTEMPTS,
                    DEFAULT_INITIAL_BACKOFF,
                    DEFAULT_MAX_BACKOFF,
                    DEFAULT_MULTIPLIER,
                    DEFAULT_JITTER,
                    DEFAULT_STATUSES);
        }

        /** A copy with this many attempts. */
        public Retry withMaxAttempts(int maxAttempts) {
            return new Retry(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, statuses);
        }

        /** A copy with these waits. */
        public Retry withBackoff(Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {
            return new Retry(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, statuses);
        }
    }

    /**
     * The downstream's retry budget, shared by every caller in the process: retries in the window
     * may be at most {@code ratio} of the calls started in it, plus
     * {@code min-retries-per-second} times its length in seconds.
     *
     * @param enabled whether retries are limited
     * @param ratio retries allowed per call
     * @param minRetriesPerSecond retries allowed whatever the traffic
     * @param window how far back calls and retries count
     */
    public record RetryBudget(boolean enabled, double ratio, int minRetriesPerSecond, Duration window) {
        /** Default {@code ratio}. */
        public static final double DEFAULT_RATIO = 0.2;
        /** Default {@code min-retries-per-second}. */
        public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 1;
        /** Default {@code window}. */
        public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first key out of range
         */
        public RetryBudget {
            Checks.range("ratio", ratio, 0.0, 10.0);
            Checks.range("min-retries-per-second", minRetriesPerSecond, 0, 100_000);
            Checks.between("window", window, Duration.ofSeconds(1), Duration.ofMinutes(5));
        }

        /** The defaults listed on {@link PolicyConfig}. */
        public static RetryBudget defaults() {
            return new RetryBudget(true, DEFAULT_RATIO, DEFAULT_MIN_RETRIES_PER_SECOND, DEFAULT_WINDOW);
        }
    }

    /**
     * Calls in flight to the downstream.
     *
     * @param enabled whether they are limited
     * @param maxConcurrent calls in flight at once
     * @param maxWait how long a call may wait for room
     */
    public record Bulkhead(boolean enabled, int maxConcurrent, Duration maxWait) {
        /** Default {@code max-concurrent}. */
        public static final int DEFAULT_MAX_CONCURRENT = 100;

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first key out of range
         */
        public Bulkhead {
            Checks.range("max-concurrent", maxConcurrent, 1, 100_000);
            Checks.between("max-wait", maxWait, Duration.ZERO, Duration.ofMinutes(1));
        }

        /** The defaults listed on {@link PolicyConfig}. */
        public static Bulkhead defaults() {
            return new Bulkhead(true, DEFAULT_MAX_CONCURRENT, Duration.ZERO);
        }
    }

    /**
     * Calls per period to the downstream.
     *
     * @param enabled whether they are limited
     * @param mode how the calls of a period may come
     * @param limit calls per period
     * @param period the period
     * @param maxWait how long a call may wait for its turn
     */
    public record RateLimiter(boolean enabled, Mode mode, int limit, Duration period, Duration maxWait) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first key out of range
         */
        public RateLimiter {
            Checks.notNull("mode", mode);
            Checks.range("limit", limit, 1, 1_000_000);
            Checks.between("period", period, Duration.ofMillis(1), Duration.ofHours(1));
            Checks.between("max-wait", maxWait, Duration.ZERO, Duration.ofMinutes(1));
            if (mode == Mode.SMOOTH && period.toNanos() / limit == 0) {
                throw new IllegalArgumentException(
                        "limit: " + limit + " (expected: at most one call per nanosecond of the period)");
            }
        }

        /** Off; when on, 100 calls a second, spread evenly, the excess refused at once. */
        public static RateLimiter defaults() {
            return new RateLimiter(false, Mode.SMOOTH, 100, Duration.ofSeconds(1), Duration.ZERO);
        }

        /** How the calls of a period may come. */
        public enum Mode {
            /** Evenly spread: one call every {@code period / limit}. */
            SMOOTH,
            /** The whole limit at any time in the period. */
            BURSTY;

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

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
    public record CircuitBreaker(
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
        public CircuitBreaker {
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
        public static CircuitBreaker defaults() {
            return new CircuitBreaker(
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

    /**
     * The per-attempt timeout.
     *
     * @param perAttempt each attempt is cancelled after this; zero leaves it to the client's
     *     response timeout
     */
    public record Timeout(Duration perAttempt) {
        /**
         * Validates the value.
         *
         * @throws IllegalArgumentException if it is negative
         */
        public Timeout {
            Checks.notNegative("per-attempt", perAttempt);
        }

        /** None beyond the client's response timeout. */
        public static Timeout defaults() {
            return new Timeout(Duration.ZERO);
        }
    }

    /**
     * The per-client fallback.
     *
     * @param mode what answers a failed call
     * @param maxEntries paths remembered for {@link Mode#LAST_GOOD}
     * @param maxAge how old a remembered answer may be
     */
    public record Fallback(Mode mode, int maxEntries, Duration maxAge) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first key out of range
         */
        public Fallback {
            Checks.notNull("mode", mode);
            Checks.range("max-entries", maxEntries, 1, 1_000_000);
            Checks.positive("max-age", maxAge);
        }

        /** None; for {@code last-good}, 1000 paths for 5 minutes. */
        public static Fallback defaults() {
            return new Fallback(Mode.NONE, 1000, Duration.ofMinutes(5));
        }

        /** What answers a failed call. */
        public enum Mode {
            /** Nothing from configuration; a contributed {@link ClientFallback} still applies. */
            NONE,
            /** The last good answer to a GET of the same path, then a contributed {@link ClientFallback}. */
            LAST_GOOD;

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }
    }

    /** Builds a {@link PolicyConfig}. Not thread-safe. */
    public static final class Builder {
        private Retry retry;
        private RetryBudget retryBudget;
        private Bulkhead bulkhead;
        private RateLimiter rateLimiter;
        private CircuitBreaker circuitBreaker;
        private Timeout timeout;
        private Fallback fallback;

        private Builder(PolicyConfig c) {
            retry = c.retry;
            retryBudget = c.retryBudget;
            bulkhead = c.bulkhead;
            rateLimiter = c.rateLimiter;
            circuitBreaker = c.circuitBreaker;
            timeout = c.timeout;
            fallback = c.fallback;
        }

        /** Sets {@code retry}. */
        public Builder retry(Retry retry) {
            this.retry = requireNonNull(retry, "retry");
            return this;
        }

        /** Sets {@code retry-budget}. */
        public Builder retryBudget(RetryBudget retryBudget) {
            this.retryBudget = requireNonNull(retryBudget, "retryBudget");
            return this;
        }

        /** Sets {@code bulkhead}. */
        public Builder bulkhead(Bulkhead bulkhead) {
            this.bulkhead = requireNonNull(bulkhead, "bulkhead");
            return this;
        }

        /** Sets {@code rate-limiter}. */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /** Sets {@code circuit-breaker}. */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = requireNonNull(circuitBreaker, "circuitBreaker");
            return this;
        }

        /** Sets {@code timeout}. */
        public Builder timeout(Timeout timeout) {
            this.timeout = requireNonNull(timeout, "timeout");
            return this;
        }

        /** Sets {@code fallback}. */
        public Builder fallback(Fallback fallback) {
            this.fallback = requireNonNull(fallback, "fallback");
            return this;
        }

        /** Builds the configuration. */
        public PolicyConfig build() {
            return new PolicyConfig(retry, retryBudget, bulkhead, rateLimiter, circuitBreaker, timeout, fallback);
        }
    }
}
