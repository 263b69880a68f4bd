package dev.chassis.discovery.internal;

import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import javax.inject.Provider;

/** The module's small lifecycle participants and its health check. */
public final class DiscoveryParticipants {
    private DiscoveryParticipants() {}

    /** Starts the KV watch with the resources and stops it after the drain. */
    public static LifecycleParticipant kvWatch(ConsulKvLayer layer) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "consul kv watch";
            }

            @Override
            public void start() {
                layer.start();
            }

            @Override
            public void stop() {
                layer.close();
            }
        };
    }

    /**
     * Stops the watches and closes the agent client after in-flight requests have drained, so
     * that requests finishing during the drain still resolve their downstreams.
     */
    public static LifecycleParticipant closeAfterDrain(Provider<ConsulResolver> resolver, Provider<ConsulAgent> agent) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "consul watches";
            }

            @Override
            public void stop() {
                resolver.get().close();
                agent.get().close();
            }
        };
    }

    /**
     * {@code consul-registration} in {@code /health}: always up, with the registration's state in
     * its details. It counts for liveness rather than readiness, and never fails, because an agent
     * that is away is no reason to take a serving instance out of rotation or to restart it.
     */
    public static HealthCheck registrationCheck(RegistrationStatus status) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "consul-registration";
            }

            @Override
            public Kind kind() {
                return Kind.LIVENESS;
            }

            @Override
            public Health check() {
                return status.health();
            }
        };
    }
}
