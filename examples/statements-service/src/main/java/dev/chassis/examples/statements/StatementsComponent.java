package dev.chassis.examples.statements;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.data.DataModule;
import dev.chassis.messaging.MessagingModule;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;

/** statements-service: the chassis with a database and events, and the statements read model. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            DataModule.class,
            MessagingModule.class,
            StatementsModule.class
        })
public interface StatementsComponent {
    Service service();

    @Component.Factory
    interface Factory {
        StatementsComponent create(@BindsInstance Config config);
    }
}
