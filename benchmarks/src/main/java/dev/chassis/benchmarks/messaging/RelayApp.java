package dev.chassis.benchmarks.messaging;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.data.DataModule;
import dev.chassis.data.Transactions;
import dev.chassis.messaging.MessagingModule;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.Outbox;
import dev.chassis.observability.ObservabilityModule;
import io.micrometer.core.instrument.MeterRegistry;
import javax.inject.Singleton;

/**
 * A service composed as teams compose one with events: core, observability, data and messaging,
 * its outbox on PostgreSQL, and the benchmark's handlers as its only own part.
 */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            DataModule.class,
            MessagingModule.class,
            RelayApp.Parts.class
        })
public interface RelayApp {
    /** The service, to start and stop. */
    Service service();

    /** Its outbox. */
    Outbox outbox();

    /** Transactions on its database. */
    Transactions transactions();

    /** Its meters: the relay's {@code messaging.outbox.sent} among them. */
    MeterRegistry meters();

    /** Builds the component. */
    @Component.Factory
    interface Factory {
        RelayApp create(@BindsInstance Config config, @BindsInstance EventHandlers handlers);
    }

    /** The benchmark's handlers, contributed as a service contributes its own. */
    @dagger.Module
    abstract class Parts {
        @Provides
        @IntoSet
        static EventHandlers handlers(EventHandlers handlers) {
            return handlers;
        }
    }

    /** The component for this configuration and these handlers. */
    static RelayApp create(Config config, EventHandlers handlers) {
        return DaggerRelayApp.factory().create(config, handlers);
    }
}
