package dev.chassis.testkit.consul;

import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.time.Duration;
import org.kiwiproject.consul.Consul;

/** Options and clients the tests share. */
final class TestConsul {
    private TestConsul() {}

    /** Options with the reaper and the minimums shortened, so checks and reaping take milliseconds. */
    static FakeConsulOptions.Builder fast() {
        return FakeConsul.options()
                .reapInterval(Duration.ofMillis(50))
                .minCheckInterval(Duration.ofMillis(20))
                .minDeregisterCriticalServiceAfter(Duration.ZERO);
    }

    /** The client production code uses, pointed at the fake (it pings the agent when built). */
    static Consul client(FakeConsul consul) {
        return Consul.builder().withUrl(consul.url()).build();
    }

    /** A client whose reads time out after this long. */
    static Consul client(FakeConsul consul, Duration readTimeout) {
        return Consul.builder()
                .withUrl(consul.url())
                .withReadTimeoutMillis(readTimeout.toMillis())
                .build();
    }
}
