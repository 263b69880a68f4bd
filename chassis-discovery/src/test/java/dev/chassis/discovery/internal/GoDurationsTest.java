package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {
    @Test
    void writesTheLargestExactUnitGoKnows() {
        assertThat(GoDurations.format(Duration.ofMinutes(3))).isEqualTo("3m");
        assertThat(GoDurations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(GoDurations.format(Duration.ofDays(2))).isEqualTo("48h");
        assertThat(GoDurations.format(Duration.ofNanos(1001))).isEqualTo("1001ns");
        assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
