package dev.chassis.resilience;

import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.conformance.StandardFeature;
import dev.chassis.core.conformance.StandardFeatures;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.resilience.config.PolicyConfig;
import dev.chassis.resilience.config.ResilienceConfig;
import dev.chassis.resilience.internal.InstanceBreakers;
import dev.chassis.resilience.internal.ResiliencePolicies;
import dev.chassis.resilience.internal.ResilienceScheduler;
import dev.chassis.resilience.spi.ClientFallback;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * Resilience for the chassis client; add it to the component next to {@code ChassisModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, ResilienceModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>Every call of the {@code ServiceClients} then runs through its downstream's policies, set in
 * {@link ResilienceConfig} (section {@code resilience}): a per-client fallback, the retry budget,
 * a bulkhead, a rate limiter, retries with backoff, a per-attempt timeout, and a circuit breaker
 * per instance. Per-client fallbacks are contributed as {@code @IntoMap @StringKey("name")}
 * {@link ClientFallback}s. When the component has a {@link MeterRegistry} (from
 * {@code ObservabilityModule}, say) the policies record their meters in it. Breaker state never
 * touches this service's readiness.
 */
@dagger.Module
public abstract class ResilienceModule {
    ResilienceModule() {}

    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    /** Per-client fallbacks by downstream name. */
    @Multibinds
    abstract Map<String, ClientFallback> fallbacks();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return ResilienceConfig.SECTION;
    }

    /** Circuit breakers and the retry budget, for the default entry and each named downstream. */
    @Provides
    @IntoSet
    static StandardFeatures standardFeatures() {
        return config -> {
            ResilienceConfig r = config.get(ResilienceConfig.SECTION);
            java.util.Set<String> names =
                    new java.util.TreeSet<>(r.downstreams().keySet());
            names.add(ResilienceConfig.DEFAULT);
            List<StandardFeature> features = new java.util.ArrayList<>();
            for (String name : names) {
                PolicyConfig p = r.of(name);
                String who = name.equals(ResilienceConfig.DEFAULT) ? "" : " to " + name;
                features.add(new StandardFeature(
                        "chassis-resilience",
                        "circuit breakers" + who,
                        p.circuitBreaker().enabled(),
                        "resilience." + name + ".circuit-breaker.enabled: "
                                + p.circuitBreaker().enabled()));
                features.add(new StandardFeature(
                        "chassis-resilience",
                        "retry budget" + who,
                        p.retryBudget().enabled(),
                        "resilience." + name + ".retry-budget.enabled: "
                                + p.retryBudget().enabled()));
            }
            return features;
        };
    }

    @Provides
    @Singleton
    static ResilienceConfig config(BoundConfig config) {
        return config.get(ResilienceConfig.SECTION);
    }

    @Provides
    @Singleton
    @Named("resilience.scheduler")
    static ScheduledExecutorService scheduler() {
        return ResilienceScheduler.create();
    }

    @Provides
    @IntoSet
    static LifecycleParticipant schedulerShutdown(@Named("resilience.scheduler") ScheduledExecutorService scheduler) {
        return ResilienceScheduler.shutdownOnStop(scheduler);
    }

    @Provides
    @Singleton
    static InstanceBreakers instanceBreakers(
            ResilienceConfig config, Optional<MeterRegistry> registry, LiveConfig live) {
        InstanceBreakers breakers = new InstanceBreakers(config, registry.orElse(null));
        live.onChange(List.of("resilience"), (now, before) -> breakers.reconfigure(now.get(ResilienceConfig.SECTION)));
        return breakers;
    }

    @Provides
    static InstanceGate instanceGate(InstanceBreakers breakers) {
        return breakers;
    }

    @Provides
    @Singleton
    static ResiliencePolicies policies(
            ResilienceConfig config,
            @Named("resilience.scheduler") ScheduledExecutorService scheduler,
            Map<String, ClientFallback> fallbacks,
            Optional<MeterRegistry> registry,
            LiveConfig live) {
        ResiliencePolicies policies = new ResiliencePolicies(config, scheduler, fallbacks, registry.orElse(null));
        live.onChange(List.of("resilience"), (now, before) -> policies.reconfigure(now.get(ResilienceConfig.SECTION)));
        return policies;
    }

    @Provides
    static CallPolicy callPolicy(ResiliencePolicies policies) {
        return policies;
    }
}
