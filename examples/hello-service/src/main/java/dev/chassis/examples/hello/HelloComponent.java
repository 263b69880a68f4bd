package dev.chassis.examples.hello;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import javax.inject.Singleton;

/** The hello service: the chassis plus its own routes. */
@Singleton
@Component(modules = {ChassisModule.class, HelloModule.class})
public interface HelloComponent {
    Service service();

    @Component.Factory
    interface Factory {
        HelloComponent create(@BindsInstance Config config);
    }
}
