package dev.chassis.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.resilience.config.HedgeConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HedgeDelayTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static HedgeConfig config(double percentile, int minObservations) {
        return new HedgeConfig(
                true, Duration.ofMillis(50), percentile, Duration.ofMillis(5), Duration.ofSeconds(30), minObservations);
    }

    private void tick() {
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void aFixedDelayIsTheConfiguredOne() {
        HedgeDelay delay = new HedgeDelay(config(0, 20), now::get);
        for (int i = 0; i < 100; i++) {
            delay.observe(TimeUnit.MILLISECONDS.toNanos(300));
        }
        assertThat(delay.nanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void thePercentileIsUsedOnceEnoughLatenciesAreObserved() {
        HedgeDelay delay = new HedgeDelay(config(0.95, 20), now::get);
        for (int i = 0; i < 10; i++) {
            delay.observe(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertThat(delay.nanos()).as("too few observations").isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

        for (int i = 0; i < 190; i++) {
            delay.observe(TimeUnit.MILLISECONDS.toNanos(20));
        }
        tick();
        // 5% of the observations took 200 ms, the rest 20 ms: the 95th percentile is about 20 ms
        assertThat(delay.nanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(15), TimeUnit.MILLISECONDS.toNanos(30));

        for (int i = 0; i < 100; i++) {
            delay.observe(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertThat(delay.nanos()).as("read at most once a second").isLessThan(TimeUnit.MILLISECONDS.toNanos(30));
        tick();
        assertThat(delay.nanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void anObservedPercentileIsNeverBelowTheMinimum() {
        HedgeDelay delay = new HedgeDelay(config(0.9, 5), now::get);
        for (int i = 0; i < 50; i++) {
            delay.observe(TimeUnit.MICROSECONDS.toNanos(300));
        }
        tick();
        assertThat(delay.nanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
    }

    @Test
    void outOfRangeValuesNameTheirKey() {
        assertThatThrownBy(() -> config(0.3, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile");
        assertThatThrownBy(
                        () -> new HedgeConfig(true, Duration.ZERO, 0, Duration.ofMillis(5), Duration.ofSeconds(30), 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay");
    }
}
