package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * What continuous traffic saw, from {@link ContinuousTraffic#stop()}.
 *
 * @param sent calls made
 * @param failed calls that failed
 * @param answeredBy how many calls each label (instance) answered
 * @param failures the first hundred failures, each with its exception and message
 */
public record TrafficReport(int sent, int failed, Map<String, Integer> answeredBy, List<String> failures) {
    /** Copies the parts. */
    public TrafficReport {
        answeredBy = Map.copyOf(answeredBy);
        failures = List.copyOf(failures);
    }

    /** Asserts that no call failed, naming the first few that did. */
    public TrafficReport assertNoFailures() {
        assertThat(failed)
                .as("failed calls of %d sent (answered by %s); the first: %s", sent, answeredBy, failures)
                .isZero();
        return this;
    }
}
