package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * What happened to requests in flight when the service was stopped, from
 * {@link ChassisExtension#stopDuring}.
 *
 * @param sent requests sent
 * @param statuses how many got each status
 * @param failures requests that got no response, with why (connection cut, reset...)
 */
public record DrainReport(int sent, Map<Integer, Integer> statuses, List<String> failures) {
    /** Asserts every request got a response with this status, and none was cut. */
    public DrainReport assertAllAnswered(int status) {
        assertThat(failures).as("requests cut during the stop").isEmpty();
        assertThat(statuses).as("statuses of the %d requests in flight", sent).isEqualTo(Map.of(status, sent));
        return this;
    }
}
