package dev.chassis.gateway;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;

/** A gateway as a team composes it: core, observability and the gateway module. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, GatewayModule.class})
interface GatewayService {
    Service service();

    @Component.Factory
    interface Factory {
        GatewayService create(@BindsInstance Config config);
    }

    static Service create(Config config) {
        return DaggerGatewayService.factory().create(config).service();
    }
}
