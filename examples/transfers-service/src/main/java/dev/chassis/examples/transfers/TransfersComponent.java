package dev.chassis.examples.transfers;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.data.DataModule;
import dev.chassis.discovery.DiscoveryModule;
import dev.chassis.messaging.MessagingModule;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
import javax.inject.Singleton;

/** transfers-service: the chassis with resilience, a database, Consul and events, and the transfer saga. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            ResilienceModule.class,
            DataModule.class,
            DiscoveryModule.class,
            MessagingModule.class,
            TransfersModule.class
        })
public interface TransfersComponent {
    Service service();

    @Component.Factory
    interface Factory {
        TransfersComponent create(@BindsInstance Config config);
    }
}
