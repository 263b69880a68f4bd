package dev.chassis.examples.hello;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;

/** The hello service: the chassis, its observability, and the service's own routes. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, HelloModule.class})
public interface HelloComponent {
    Service service();

    @Component.Factory
    interface Factory {
        HelloComponent create(@BindsInstance Config config);
    }
}
