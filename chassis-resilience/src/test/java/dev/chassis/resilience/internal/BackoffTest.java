package dev.chassis.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.resilience.config.RetryConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final RetryConfig RETRY =
            RetryConfig.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.5);

    @Test
    void jitteredDelaysStayWithinTheirBoundsAndUnderTheMaximum() {
        Backoff backoff = new Backoff(RETRY);
        Random random = new Random(42);
        long[][] bounds = {{50, 150}, {100, 300}, {200, 600}, {400, 1200}, {800, 2000}, {1000, 2000}, {1000, 2000}};
        for (int retry = 1; retry <= bounds.length; retry++) {
            long min = bounds[retry - 1][0] * 1_000_000;
            long max = bounds[retry - 1][1] * 1_000_000;
            assertThat(backoff.minNanos(retry)).as("min of retry %d", retry).isEqualTo(min);
            assertThat(backoff.maxNanos(retry)).as("max of retry %d", retry).isEqualTo(max);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                long delay = backoff.delayNanos(retry, random.nextDouble());
                assertThat(delay).as("retry %d", retry).isBetween(min, max);
                seen.add(delay / 1_000_000);
            }
            // Jitter spreads the waits: callers that failed together do not retry together.
            assertThat(seen).as("distinct waits of retry %d", retry).hasSizeGreaterThan(50);
        }
    }

    @Test
    void theExtremesOfTheRandomNumberGiveTheBounds() {
        Backoff backoff = new Backoff(RETRY);
        assertThat(backoff.delayNanos(1, 0.0)).isEqualTo(50_000_000L);
        assertThat(backoff.delayNanos(1, 0.5)).isEqualTo(100_000_000L);
        assertThat(backoff.delayNanos(2, 0.5)).isEqualTo(200_000_000L);
        assertThat(backoff.delayNanos(1, Math.nextDown(1.0))).isBetween(149_000_000L, 150_000_000L);
        assertThat(backoff.delayNanos(5, Math.nextDown(1.0))).isEqualTo(2_000_000_000L);
    }

    @Test
    void withoutJitterTheDelayIsExactlyExponential() {
        Backoff backoff = new Backoff(RETRY.withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 3.0, 0.0));
        assertThat(backoff.delayNanos(1, 0.9)).isEqualTo(10_000_000L);
        assertThat(backoff.delayNanos(2, 0.1)).isEqualTo(30_000_000L);
        assertThat(backoff.delayNanos(3, 0.7)).isEqualTo(50_000_000L);
    }
}
