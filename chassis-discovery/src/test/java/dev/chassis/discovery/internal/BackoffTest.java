package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.discovery.config.ConsulConfig;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(new ConsulConfig.Retry(Duration.ofMillis(100), Duration.ofSeconds(1)));

    @Test
    void doublesFromTheFirstWaitUpToTheLongest() {
        assertThat(backoff.ceiling(1)).isEqualTo(100_000_000L);
        assertThat(backoff.ceiling(2)).isEqualTo(200_000_000L);
        assertThat(backoff.ceiling(4)).isEqualTo(800_000_000L);
        assertThat(backoff.ceiling(5)).isEqualTo(1_000_000_000L);
        assertThat(backoff.ceiling(1_000)).isEqualTo(1_000_000_000L);
    }

    @Test
    void eachWaitIsDrawnBetweenHalfAndAllOfItsCeiling() {
        Random random = new Random(7);
        for (int failures = 1; failures < 12; failures++) {
            long ceiling = backoff.ceiling(failures);
            for (int i = 0; i < 200; i++) {
                long nanos = backoff.delay(failures, random).toNanos();
                assertThat(nanos).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void waitsDiffer() {
        Random random = new Random(7);
        assertThat(backoff.delay(3, random)).isNotEqualTo(backoff.delay(3, random));
    }
}
