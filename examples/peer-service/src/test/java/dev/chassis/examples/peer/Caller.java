package dev.chassis.examples.peer;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.discovery.DiscoveryModule;
import dev.chassis.resilience.ResilienceModule;
import javax.inject.Singleton;

/** A caller as a team composes it: finds its downstreams in Consul, retries through the policies. */
@Singleton
@Component(modules = {ChassisModule.class, DiscoveryModule.class, ResilienceModule.class})
interface Caller {
    Service service();

    ServiceClients clients();

    @Component.Factory
    interface Factory {
        Caller create(@BindsInstance Config config);
    }
}
