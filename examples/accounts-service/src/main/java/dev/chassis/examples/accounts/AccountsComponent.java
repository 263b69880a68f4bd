package dev.chassis.examples.accounts;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.data.DataModule;
import dev.chassis.discovery.DiscoveryModule;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.security.SecurityModule;
import javax.inject.Singleton;

/** accounts-service: the chassis, its observability, a database, Consul, bearer tokens, and the account routes. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            DataModule.class,
            DiscoveryModule.class,
            SecurityModule.class,
            AccountsModule.class
        })
public interface AccountsComponent {
    Service service();

    @Component.Factory
    interface Factory {
        AccountsComponent create(@BindsInstance Config config);
    }
}
