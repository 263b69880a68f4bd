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
import dev.chassis.security.SecurityModule;
import javax.inject.Singleton;

/** transfers-service: the chassis with resilience, a database, Consul, events and bearer tokens, and the transfer saga. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            ResilienceModule.class,
            DataModule.class,
            DiscoveryModule.class,
            MessagingModule.class,
            SecurityModule.class,
            TransfersModule.class
        })
public interface TransfersComponent {
    Service service();

    @Component.Factory
    interface Factory {
        TransfersComponent create(@BindsInstance Config config);
    }
}
