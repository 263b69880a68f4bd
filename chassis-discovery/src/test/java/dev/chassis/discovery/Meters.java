package dev.chassis.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads meters for assertions. */
final class Meters {
    private Meters() {}

    /** The sum of the matching counters; 0 when there is none. */
    static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The one matching gauge's value. */
    static double gauge(MeterRegistry registry, String name, String... tags) {
        Gauge g = registry.find(name).tags(tags).gauge();
        if (g == null) {
            throw new AssertionError("no gauge " + name + " " + String.join(",", tags));
        }
        return g.value();
    }
}
