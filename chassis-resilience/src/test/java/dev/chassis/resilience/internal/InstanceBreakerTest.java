package dev.chassis.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.resilience.config.CircuitBreakerConfig;
import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceBreakerTest {
    private static final long MS = 1_000_000;

    private static CircuitBreakerConfig config(Duration slow, Set<CircuitBreakerConfig.Failure> on) {
        CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
        return new CircuitBreakerConfig(
                true, d.windowType(), 0.5, 4, d.window(), d.minimumCalls(), Duration.ofMillis(50), 2, 1, slow, on);
    }

    private static InstanceBreaker breaker(Duration slow, Set<CircuitBreakerConfig.Failure> on) {
        return new InstanceBreaker(config(slow, on), (from, to) -> {});
    }

    @Test
    void serverErrorsTimeoutsAndConnectionFailuresCountByDefault() {
        InstanceBreaker b =
                breaker(Duration.ZERO, CircuitBreakerConfig.defaults().failureOn());
        assertThat(b.isFailure(500, new ClientStatusException("a", 500, "", null), MS))
                .isTrue();
        assertThat(b.isFailure(0, new ClientTimeoutException("a", Duration.ofSeconds(1)), MS))
                .isTrue();
        assertThat(b.isFailure(0, new ClientConnectException("a", "refused"), MS))
                .isTrue();
        assertThat(b.isFailure(200, null, MS)).isFalse();
    }

    @Test
    void clientErrorsNeverCountEvenWhenSlow() {
        InstanceBreaker b =
                breaker(Duration.ofMillis(100), CircuitBreakerConfig.defaults().failureOn());
        for (int status : new int[] {400, 404, 408, 429}) {
            assertThat(b.isFailure(status, new ClientStatusException("a", status, "", null), 500 * MS))
                    .as("%d", status)
                    .isFalse();
        }
    }

    @Test
    void onlyTheConfiguredKindsCount() {
        InstanceBreaker b = breaker(Duration.ZERO, Set.of(CircuitBreakerConfig.Failure.TIMEOUT));
        assertThat(b.isFailure(503, new ClientStatusException("a", 503, "", null), MS))
                .isFalse();
        assertThat(b.isFailure(0, new ClientConnectException("a", "refused"), MS))
                .isFalse();
        assertThat(b.isFailure(0, new ClientTimeoutException("a", Duration.ofSeconds(1)), MS))
                .isTrue();
    }

    @Test
    void slowCallsCountWhenAThresholdIsSet() {
        InstanceBreaker b = breaker(Duration.ofMillis(100), Set.of());
        assertThat(b.isFailure(200, null, 99 * MS)).isFalse();
        assertThat(b.isFailure(200, null, 101 * MS)).isTrue();
        assertThat(breaker(Duration.ZERO, Set.of()).isFailure(200, null, 10_000 * MS))
                .isFalse();
    }

    @Test
    void halfOpenLetsOnlyTheTrialCallsThroughAndReportsEveryTransition() throws Exception {
        List<String> transitions = new ArrayList<>();
        InstanceBreaker b = new InstanceBreaker(
                config(Duration.ZERO, CircuitBreakerConfig.defaults().failureOn()),
                (from, to) -> transitions.add(from + "->" + to));
        for (int i = 0; i < 2; i++) {
            assertThat(b.tryAcquire()).isTrue();
            b.record(500, new ClientStatusException("a", 500, "", null), MS);
        }
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.isAvailable()).isFalse();
        assertThat(b.tryAcquire()).isFalse();
        Thread.sleep(80);
        assertThat(b.isAvailable()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).as("only two trial calls").isFalse();
        b.record(200, null, MS);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }
}
