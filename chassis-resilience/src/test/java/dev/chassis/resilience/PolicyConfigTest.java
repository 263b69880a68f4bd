package dev.chassis.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.resilience.config.BulkheadConfig;
import dev.chassis.resilience.config.CircuitBreakerConfig;
import dev.chassis.resilience.config.FallbackConfig;
import dev.chassis.resilience.config.PolicyConfig;
import dev.chassis.resilience.config.ResilienceConfig;
import dev.chassis.resilience.config.RetryBudgetConfig;
import dev.chassis.resilience.config.RetryConfig;
import dev.chassis.resilience.config.TimeoutConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {
    private static ResilienceConfig bind(String yaml) {
        Config config = Config.builder().yaml("test", yaml).build();
        return ConfigBinding.bind(config, List.of(ResilienceConfig.SECTION)).get(ResilienceConfig.SECTION);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        PolicyConfig d = PolicyConfig.defaults();
        assertThat(d.retry().maxAttempts()).isEqualTo(3);
        assertThat(d.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.retry().multiplier()).isEqualTo(2.0);
        assertThat(d.retry().jitter()).isEqualTo(0.5);
        assertThat(d.retry().statuses()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
        assertThat(d.retryBudget()).isEqualTo(new RetryBudgetConfig(true, 0.2, 1, Duration.ofSeconds(10)));
        assertThat(d.bulkhead()).isEqualTo(new BulkheadConfig(true, 100, Duration.ZERO));
        assertThat(d.rateLimiter().enabled()).isFalse();
        assertThat(d.circuitBreaker().enabled()).isTrue();
        assertThat(d.circuitBreaker().windowType()).isEqualTo(CircuitBreakerConfig.WindowType.COUNT);
        assertThat(d.circuitBreaker().failureRatio()).isEqualTo(0.5);
        assertThat(d.circuitBreaker().windowSize()).isEqualTo(20);
        assertThat(d.circuitBreaker().delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.circuitBreaker().halfOpenCalls()).isEqualTo(3);
        assertThat(d.circuitBreaker().successesToClose()).isEqualTo(3);
        assertThat(d.circuitBreaker().slowCallDuration()).isZero();
        assertThat(d.circuitBreaker().failureOn())
                .containsExactlyInAnyOrder(
                        CircuitBreakerConfig.Failure.SERVER_ERROR,
                        CircuitBreakerConfig.Failure.TIMEOUT,
                        CircuitBreakerConfig.Failure.CONNECT);
        assertThat(d.timeout().perAttempt()).isZero();
        assertThat(d.fallback().mode()).isEqualTo(FallbackConfig.Mode.NONE);
    }

    @Test
    void anEntryTakesTheDefaultsForKeysItLeavesOut() {
        ResilienceConfig config = bind("""
                resilience:
                  accounts:
                    retry: {max-attempts: 5}
                    circuit-breaker: {window-type: time, failure-on: [5xx], slow-call-duration: 2s}
                    fallback: {mode: last-good}
                """);
        PolicyConfig accounts = config.of("accounts");
        assertThat(accounts.retry()).isEqualTo(RetryConfig.defaults().withMaxAttempts(5));
        assertThat(accounts.circuitBreaker().windowType()).isEqualTo(CircuitBreakerConfig.WindowType.TIME);
        assertThat(accounts.circuitBreaker().failureOn()).containsExactly(CircuitBreakerConfig.Failure.SERVER_ERROR);
        assertThat(accounts.circuitBreaker().slowCallDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(accounts.circuitBreaker().delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(accounts.fallback().mode()).isEqualTo(FallbackConfig.Mode.LAST_GOOD);
        assertThat(accounts.bulkhead()).isEqualTo(BulkheadConfig.defaults());
        assertThat(config.of("ledger")).isEqualTo(PolicyConfig.defaults());
    }

    @Test
    void theDefaultEntryAppliesToDownstreamsWithoutTheirOwn() {
        ResilienceConfig config = bind("""
                resilience:
                  default: {retry: {max-attempts: 1}, bulkhead: {max-concurrent: 7}}
                  accounts: {retry: {max-attempts: 4}}
                """);
        assertThat(config.of("ledger").retry().maxAttempts()).isEqualTo(1);
        assertThat(config.of("ledger").bulkhead().maxConcurrent()).isEqualTo(7);
        assertThat(config.of("accounts").retry().maxAttempts()).isEqualTo(4);
        assertThat(config.of("accounts").bulkhead().maxConcurrent()).isEqualTo(100);
    }

    @Test
    void badValuesNameTheirKeys() {
        assertThatThrownBy(() -> bind("""
                        resilience:
                          accounts: {retry: {max-attempts: 0}}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("resilience.accounts.retry.max-attempts")
                .hasMessageContaining("max-attempts: 0 (expected: 1-10)");
        assertThatThrownBy(() -> bind("""
                        resilience:
                          accounts: {circuit-breaker: {failure-on: [4xx]}}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("resilience.accounts.circuit-breaker.failure-on");
        assertThatThrownBy(() -> bind("""
                        resilience:
                          accounts: {retry-budget: {ratio: 0.2, windw: 5s}}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("resilience.accounts.retry-budget.windw");
    }

    @Test
    void validationMessagesSayWhatIsExpected() {
        RetryConfig r = RetryConfig.defaults();
        assertThatThrownBy(() -> r.withMaxAttempts(11)).hasMessage("max-attempts: 11 (expected: 1-10)");
        assertThatThrownBy(() -> r.withBackoff(Duration.ofMillis(500), Duration.ofMillis(100), 2, 0.5))
                .hasMessage("max-backoff: 100ms (expected: 500ms-5m)");
        assertThatThrownBy(() -> r.withBackoff(Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.5))
                .hasMessage("multiplier: 0.5 (expected: 1.0-10.0)");
        assertThatThrownBy(() -> r.withBackoff(Duration.ofMillis(10), Duration.ofMillis(100), 2, 1.5))
                .hasMessage("jitter: 1.5 (expected: 0.0-1.0)");
        assertThatThrownBy(() ->
                        new RetryConfig(3, Duration.ofMillis(10), Duration.ofSeconds(1), 2, 0.5, Set.of(503, 404)))
                .hasMessage("statuses: 404 (expected: 408, 429 or 500-599; other 4xx are never retried)");
        assertThatThrownBy(() -> new RetryBudgetConfig(true, -0.1, 1, Duration.ofSeconds(10)))
                .hasMessage("ratio: -0.1 (expected: 0.0-10.0)");
        assertThatThrownBy(() -> new BulkheadConfig(true, 0, Duration.ZERO))
                .hasMessage("max-concurrent: 0 (expected: 1-100000)");
        assertThatThrownBy(() -> new CircuitBreakerConfig(
                        true,
                        CircuitBreakerConfig.WindowType.COUNT,
                        0,
                        20,
                        Duration.ofSeconds(30),
                        10,
                        Duration.ofSeconds(5),
                        3,
                        3,
                        Duration.ZERO,
                        Set.of()))
                .hasMessage("failure-ratio: 0.0 (expected: > 0 and <= 1)");
        assertThatThrownBy(() -> new CircuitBreakerConfig(
                        true,
                        CircuitBreakerConfig.WindowType.COUNT,
                        0.5,
                        20,
                        Duration.ofSeconds(30),
                        10,
                        Duration.ofSeconds(5),
                        3,
                        4,
                        Duration.ZERO,
                        Set.of()))
                .hasMessage("successes-to-close: 4 (expected: 1-3)");
        assertThatThrownBy(() -> new TimeoutConfig(Duration.ofMillis(-1)))
                .hasMessage("per-attempt: -1ms (expected: >= 0s)");
        assertThatThrownBy(() -> new ResilienceConfig(java.util.Map.of("Accounts", PolicyConfig.defaults())))
                .hasMessage("'Accounts' (expected: a service name: lower-case letters, digits and dashes)");
    }
}
