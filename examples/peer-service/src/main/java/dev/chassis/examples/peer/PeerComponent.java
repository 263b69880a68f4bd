package dev.chassis.examples.peer;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.discovery.DiscoveryModule;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;

/** A peer service: the chassis, observability, Consul discovery, and its own routes. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, DiscoveryModule.class, PeerModule.class})
public interface PeerComponent {
    Service service();

    @Component.Factory
    interface Factory {
        PeerComponent create(@BindsInstance Config config);
    }
}
