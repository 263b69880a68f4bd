package dev.chassis.discovery;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
import dev.chassis.resilience.internal.InstanceBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import javax.inject.Singleton;

/** A service calling discovered downstreams through the resilience policies, as teams compose it. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, DiscoveryModule.class, ResilienceModule.class})
interface ResilientService {
    Service service();

    ServiceClients clients();

    InstanceBreakers breakers();

    MeterRegistry meters();

    @Component.Factory
    interface Factory {
        ResilientService create(@BindsInstance Config config);
    }
}
