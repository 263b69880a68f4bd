package dev.chassis.gateway;

import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.http.Routes;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.gateway.config.GatewayConfig;
import dev.chassis.gateway.internal.GatewayRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The gateway: add it to a component next to {@code ChassisModule}, and the service forwards every
 * request its own routes do not answer along {@code gateway.routes}.
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, DiscoveryModule.class, GatewayModule.class})
 * }</pre>
 *
 * <p>Services are found the way the chassis client finds them: {@code clients.<name>.urls}, or the
 * component's {@link ServiceResolver}s (Consul discovery). An {@link InstanceGate} in the component
 * (chassis-resilience's circuit breakers) keeps the gateway off instances it holds back.
 * Settings are the {@link GatewayConfig} section {@code gateway}.
 */
@dagger.Module
public abstract class GatewayModule {
    GatewayModule() {}

    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return GatewayConfig.SECTION;
    }

    @Provides
    @Singleton
    static GatewayConfig config(BoundConfig config) {
        return config.get(GatewayConfig.SECTION);
    }

    @Provides
    @Singleton
    static GatewayRuntime runtime(
            BoundConfig config,
            GatewayConfig gateway,
            ClientsConfig clients,
            Set<ServiceResolver> resolvers,
            Optional<InstanceGate> gate,
            Optional<MeterRegistry> registry,
            LiveConfig live) {
        GatewayRuntime runtime = GatewayRuntime.create(
                config, gateway, clients, List.copyOf(resolvers), gate.orElse(null), registry.orElse(null));
        runtime.follow(live);
        return runtime;
    }

    @Provides
    @IntoSet
    static Routes routes(GatewayRuntime runtime) {
        return runtime.routes();
    }

    @Provides
    @IntoSet
    static LifecycleParticipant lifecycle(GatewayRuntime runtime) {
        return runtime.lifecycle();
    }
}
