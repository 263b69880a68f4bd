package dev.chassis.testkit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.util.function.Supplier;

/**
 * The service's meters, read from its own registry by name and tags (the Micrometer names, with
 * dots: {@code http.server.request.duration}).
 *
 * <pre>{@code
 * assertThat(app.metrics().timerCount("http.server.request.duration", "http.route", "/hello/{name}")).isEqualTo(3);
 * }</pre>
 */
public final class Metrics {
    private final Supplier<MeterRegistry> registry;

    Metrics(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    /** The registry itself. */
    public MeterRegistry registry() {
        return registry.get();
    }

    /** The sum of the matching counters (plain or function counters); 0 when there is none. */
    public double counter(String name, String... tags) {
        double sum = 0;
        for (Meter m : search(name, tags).meters()) {
            if (m instanceof Counter c) {
                sum += c.count();
            } else if (m instanceof FunctionCounter f) {
                sum += f.count();
            }
        }
        return sum;
    }

    /** The summed count of the matching timers; 0 when there is none. */
    public long timerCount(String name, String... tags) {
        long sum = 0;
        for (Timer t : search(name, tags).timers()) {
            sum += t.count();
        }
        return sum;
    }

    /**
     * The value of the one matching gauge.
     *
     * @throws AssertionError if there is none
     */
    public double gauge(String name, String... tags) {
        Gauge g = search(name, tags).gauge();
        if (g == null) {
            throw new AssertionError("no gauge " + name + " with tags " + String.join(",", tags));
        }
        return g.value();
    }

    /** Whether any meter of this name and tags exists. */
    public boolean exists(String name, String... tags) {
        return !search(name, tags).meters().isEmpty();
    }

    private Search search(String name, String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags: " + tags.length + " strings (expected: key-value pairs)");
        }
        return registry.get().find(name).tags(tags);
    }
}
