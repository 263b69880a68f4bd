package com.example.orders;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
import javax.inject.Singleton;

/** The service: the chassis modules it uses, and its own. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, ResilienceModule.class, ApplicationModule.class})
public interface ApplicationComponent {
    Service service();

    @Component.Factory
    interface Factory {
        ApplicationComponent create(@BindsInstance Config config);
    }
}
