package dev.chassis.gateway;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.discovery.DiscoveryModule;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;

/** A gateway that finds services, and its routes, in Consul. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, DiscoveryModule.class, GatewayModule.class})
interface DiscoveredGatewayService {
    Service service();

    LiveConfig live();

    @Component.Factory
    interface Factory {
        DiscoveredGatewayService create(@BindsInstance Config config);
    }
}
