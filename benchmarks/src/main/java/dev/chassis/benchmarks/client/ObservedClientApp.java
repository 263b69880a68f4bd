package dev.chassis.benchmarks.client;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
import javax.inject.Singleton;

/**
 * A service composed as teams compose one: core, observability (correlation ID and W3C trace
 * context on every outbound attempt, a client span, the {@code http.client.request.duration}
 * timer) and resilience (the downstream's policies around every call, its instances' circuit
 * breakers in front of every attempt, their meters in the same registry).
 */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, ResilienceModule.class})
public interface ObservedClientApp {
    /** The service, to start and stop. */
    Service service();

    /** Its clients. */
    ServiceClients clients();

    /** Builds the component. */
    @Component.Factory
    interface Factory {
        ObservedClientApp create(@BindsInstance Config config);
    }

    /** The component for this configuration. */
    static ObservedClientApp create(Config config) {
        return DaggerObservedClientApp.factory().create(config);
    }
}
