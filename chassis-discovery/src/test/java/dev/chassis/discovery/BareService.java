package dev.chassis.discovery;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import javax.inject.Singleton;

/** Core and discovery only: no observability, so no meter registry. */
@Singleton
@Component(modules = {ChassisModule.class, DiscoveryModule.class})
interface BareService {
    Service service();

    ServiceClients clients();

    @Component.Factory
    interface Factory {
        BareService create(@BindsInstance Config config);
    }
}
