package dev.chassis.discovery;

import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigLayerProvider;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.conformance.StandardFeature;
import dev.chassis.core.conformance.StandardFeatures;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.discovery.config.ConsulConfig;
import dev.chassis.discovery.config.KvConfig;
import dev.chassis.discovery.config.RegistrationConfig;
import dev.chassis.discovery.config.WatchConfig;
import dev.chassis.discovery.internal.ConsulAgent;
import dev.chassis.discovery.internal.ConsulKvLayer;
import dev.chassis.discovery.internal.ConsulRegistrar;
import dev.chassis.discovery.internal.ConsulResolver;
import dev.chassis.discovery.internal.DiscoveryMetrics;
import dev.chassis.discovery.internal.DiscoveryParticipants;
import dev.chassis.discovery.internal.RegistrationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * Consul discovery for a chassis service; add it to the component next to {@code ChassisModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, DiscoveryModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>With {@code discovery.consul.enabled} (see {@link ConsulConfig}) the service registers with
 * the local agent once it is ready and deregisters first thing when it stops
 * ({@link RegistrationConfig}); clients without {@code clients.<name>.urls} find their instances
 * through a blocking-query watch per downstream ({@link WatchConfig}); and a Consul KV prefix can
 * be a configuration layer that changes while the service runs ({@link KvConfig}). Without
 * {@code enabled} the module adds nothing but its configuration section. The registration state
 * shows in {@code /health} as check {@code consul-registration}, which never fails: Consul being
 * away must not take a serving instance out of rotation. When the component has a
 * {@link MeterRegistry} (from {@code ObservabilityModule}, say) the module records its meters in
 * it; the module guide lists them.
 */
@dagger.Module
public abstract class DiscoveryModule {
    DiscoveryModule() {}

    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return ConsulConfig.SECTION;
    }

    /** Consul registration and configuration from KV, as --conformance lists them. */
    @Provides
    @IntoSet
    static StandardFeatures standardFeatures() {
        return config -> {
            ConsulConfig c = config.get(ConsulConfig.SECTION);
            return java.util.List.of(
                    new StandardFeature(
                            "chassis-discovery",
                            "Consul registration",
                            c.enabled() && c.registration().enabled(),
                            c.enabled()
                                    ? "discovery.consul.registration.enabled: "
                                            + c.registration().enabled()
                                    : "discovery.consul.enabled: false"),
                    new StandardFeature(
                            "chassis-discovery",
                            "configuration from Consul KV",
                            c.enabled() && c.kv().enabled(),
                            c.enabled()
                                    ? "discovery.consul.kv.enabled: " + c.kv().enabled()
                                    : "discovery.consul.enabled: false"));
        };
    }

    @Provides
    @Singleton
    static ConsulConfig config(BoundConfig config) {
        return config.get(ConsulConfig.SECTION);
    }

    @Provides
    @Singleton
    static DiscoveryMetrics metrics(Optional<MeterRegistry> registry) {
        return new DiscoveryMetrics(registry.orElse(null));
    }

    @Provides
    @Singleton
    static ConsulKvLayer kvLayer(Provider<LiveConfig> live, Provider<DiscoveryMetrics> metrics) {
        return new ConsulKvLayer(live, metrics);
    }

    @Provides
    @IntoSet
    static ConfigLayerProvider kvProvider(ConsulKvLayer layer) {
        return layer;
    }

    @Provides
    @IntoSet
    static LifecycleParticipant kvWatch(ConsulKvLayer layer) {
        return DiscoveryParticipants.kvWatch(layer);
    }

    @Provides
    @Singleton
    static ConsulAgent agent(ConsulConfig config, BoundConfig bound) {
        return ConsulAgent.create(config, bound.source().environment());
    }

    @Provides
    @Singleton
    static ConsulResolver resolver(ConsulAgent agent, ConsulConfig config, DiscoveryMetrics metrics) {
        return new ConsulResolver(agent, config, metrics);
    }

    @Provides
    @ElementsIntoSet
    static Set<ServiceResolver> resolvers(ConsulConfig config, Provider<ConsulResolver> resolver) {
        return config.enabled() ? Set.of(resolver.get()) : Set.of();
    }

    @Provides
    @Singleton
    static RegistrationStatus registrationStatus() {
        return new RegistrationStatus();
    }

    @Provides
    @ElementsIntoSet
    static Set<HealthCheck> registrationCheck(ConsulConfig config, RegistrationStatus status) {
        return config.enabled() && config.registration().enabled()
                ? Set.of(DiscoveryParticipants.registrationCheck(status))
                : Set.of();
    }

    @Provides
    @Singleton
    static ConsulRegistrar registrar(
            ConsulConfig config,
            ServiceConfig service,
            ServerConfig server,
            AdminConfig admin,
            ConsulAgent agent,
            Provider<Service> running,
            Provider<Set<HealthCheck>> checks,
            RegistrationStatus status,
            DiscoveryMetrics metrics) {
        return new ConsulRegistrar(config, service, server, admin, agent, running, checks, status, metrics);
    }

    @Provides
    @ElementsIntoSet
    static Set<LifecycleParticipant> participants(
            ConsulConfig config,
            Provider<ConsulRegistrar> registrar,
            Provider<ConsulResolver> resolver,
            Provider<ConsulAgent> agent) {
        if (!config.enabled()) {
            return Set.of();
        }
        Set<LifecycleParticipant> participants = new LinkedHashSet<>();
        participants.add(DiscoveryParticipants.closeAfterDrain(resolver, agent));
        if (config.registration().enabled()) {
            participants.add(registrar.get());
        }
        return participants;
    }
}
