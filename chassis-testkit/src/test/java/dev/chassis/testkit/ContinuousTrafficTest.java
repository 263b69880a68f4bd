package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContinuousTrafficTest {
    @Test
    void countsAnswersByLabelAndFailuresWithTheirReason() {
        AtomicInteger n = new AtomicInteger();
        TrafficReport report;
        try (ContinuousTraffic traffic = ContinuousTraffic.start(2, () -> {
            int i = n.incrementAndGet();
            if (i % 10 == 0) {
                throw new IllegalStateException("call " + i + " refused");
            }
            return i % 2 == 0 ? "a" : "b";
        })) {
            traffic.awaitAnswersFrom("a", "b");
            report = traffic.stop();
        }

        assertThat(report.sent()).isEqualTo(n.get());
        assertThat(report.failed()).isEqualTo(n.get() / 10);
        assertThat(report.answeredBy().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum()
                        + report.failed())
                .isEqualTo(report.sent());
        assertThat(report.failures()).first().asString().matches("IllegalStateException: call \\d+0 refused");
        assertThatThrownBy(report::assertNoFailures)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed calls of " + report.sent() + " sent");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> ContinuousTraffic.start(0, () -> "x")).hasMessage("threads: 0 (expected: 1-256)");
        assertThatThrownBy(() -> ServiceProcess.jar(Path.of("target", "no-such.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jar: 'target/no-such.jar' (expected: the service's runnable jar");
    }
}
