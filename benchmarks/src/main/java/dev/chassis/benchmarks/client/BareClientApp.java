package dev.chassis.benchmarks.client;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import javax.inject.Singleton;

/**
 * A service with the chassis core only: its {@link ServiceClients} have no call policy, no
 * instance gate and no observers, so each call is one attempt straight onto the Netty transport.
 */
@Singleton
@Component(modules = ChassisModule.class)
public interface BareClientApp {
    /** The service, to start and stop. */
    Service service();

    /** Its clients. */
    ServiceClients clients();

    /** Builds the component. */
    @Component.Factory
    interface Factory {
        BareClientApp create(@BindsInstance Config config);
    }

    /** The component for this configuration. */
    static BareClientApp create(Config config) {
        return DaggerBareClientApp.factory().create(config);
    }
}
