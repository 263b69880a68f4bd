package dev.chassis.gateway;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
import javax.inject.Singleton;

/** A gateway with chassis-resilience's per-instance circuit breakers in the component. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, ResilienceModule.class, GatewayModule.class})
interface ResilientGatewayService {
    Service service();

    @Component.Factory
    interface Factory {
        ResilientGatewayService create(@BindsInstance Config config);
    }

    static Service create(Config config) {
        return DaggerResilientGatewayService.factory().create(config).service();
    }
}
