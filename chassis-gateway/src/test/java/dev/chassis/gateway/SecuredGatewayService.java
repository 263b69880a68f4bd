package dev.chassis.gateway;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.security.SecurityModule;
import javax.inject.Singleton;

/** A gateway that authenticates at the edge: chassis-security's filter in front of the gateway's routes. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, SecurityModule.class, GatewayModule.class})
interface SecuredGatewayService {
    Service service();

    @Component.Factory
    interface Factory {
        SecuredGatewayService create(@BindsInstance Config config);
    }

    static Service create(Config config) {
        return DaggerSecuredGatewayService.factory().create(config).service();
    }
}
