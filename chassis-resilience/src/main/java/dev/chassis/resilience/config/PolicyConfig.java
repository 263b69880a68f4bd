package dev.chassis.resilience.config;

import dev.chassis.core.common.Checks;

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
 * <tr><td>{@code hedge.enabled}</td><td>false</td><td>an idempotent call still unanswered after the wait gets a second attempt, to another instance where there is one; the first answer wins</td></tr>
 * <tr><td>{@code hedge.delay}</td><td>50ms</td><td>the wait before the hedge; with a {@code percentile}, the wait until enough latencies are observed</td></tr>
 * <tr><td>{@code hedge.percentile}</td><td>0</td><td>0.5–0.999: wait the downstream's observed latency at this percentile instead; 0 for the fixed delay</td></tr>
 * <tr><td>{@code hedge.min-delay}</td><td>5ms</td><td>the shortest wait an observed percentile may give</td></tr>
 * <tr><td>{@code hedge.window}</td><td>30s</td><td>how far back observed latencies count</td></tr>
 * <tr><td>{@code hedge.min-observations}</td><td>20</td><td>answered attempts in the window before the percentile is used</td></tr>
 * <tr><td>{@code fallback.mode}</td><td>{@code none}</td><td>{@code last-good}: a failed GET is answered with the last good answer to the same path</td></tr>
 * <tr><td>{@code fallback.max-entries}</td><td>1000</td><td>paths remembered, least recently used forgotten first</td></tr>
 * <tr><td>{@code fallback.max-age}</td><td>5m</td><td>older answers are not used</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param retry retries
 * @param retryBudget the downstream's retry budget
 * @param bulkhead calls in flight
 * @param rateLimiter calls per period
 * @param circuitBreaker per-instance breakers
 * @param timeout the per-attempt timeout
 * @param hedge hedged requests
 * @param fallback the per-client fallback
 */
public record PolicyConfig(
        RetryConfig retry,
        RetryBudgetConfig retryBudget,
        BulkheadConfig bulkhead,
        RateLimiterConfig rateLimiter,
        CircuitBreakerConfig circuitBreaker,
        TimeoutConfig timeout,
        HedgeConfig hedge,
        FallbackConfig fallback) {

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
        Checks.notNull("hedge", hedge);
        Checks.notNull("fallback", fallback);
    }

    /** The defaults listed above. */
    public static PolicyConfig defaults() {
        return new PolicyConfig(
                RetryConfig.defaults(),
                RetryBudgetConfig.defaults(),
                BulkheadConfig.defaults(),
                RateLimiterConfig.defaults(),
                CircuitBreakerConfig.defaults(),
                TimeoutConfig.defaults(),
                HedgeConfig.defaults(),
                FallbackConfig.defaults());
    }
}
