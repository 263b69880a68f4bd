package dev.chassis.testkit.consul.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class QueryTest {
    @RepeatedTest(20)
    void waitsFiveMinutesPlusJitterWhenNoWaitIsGiven() {
        Duration timeout = new Query(5, Duration.ZERO, "leader").timeout();

        assertThat(timeout)
                .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusMillis(300_000 / 16));
    }

    @RepeatedTest(20)
    void capsTheWaitAtTenMinutesPlusJitter() {
        Duration timeout = new Query(5, Duration.ofMinutes(30), "leader").timeout();

        assertThat(timeout)
                .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusMillis(600_000 / 16));
    }

    @Test
    void jitterSpreadsTheTimeouts() {
        Set<Duration> timeouts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            timeouts.add(new Query(5, Duration.ofSeconds(16), "leader").timeout());
        }

        assertThat(timeouts).hasSizeGreaterThan(40);
        assertThat(timeouts.stream().max(Duration::compareTo).orElseThrow()).isGreaterThan(Duration.ofSeconds(16));
    }

    @RepeatedTest(20)
    void addsUpToASixteenthOfTheWait() {
        Duration timeout = new Query(5, Duration.ofSeconds(16), "leader").timeout();

        assertThat(timeout).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(17));
    }
}
