package dev.chassis.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.Filter;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.security.auth.Access;
import dev.chassis.security.auth.Caller;
import dev.chassis.security.config.SecurityConfig;
import dev.chassis.security.internal.CallerContext;
import dev.chassis.security.internal.SecurityMeters;
import dev.chassis.security.internal.SecurityRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * Bearer-token security; add it to the component next to {@code ChassisModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, SecurityModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>Every request is then authenticated by its bearer token and authorized by its route's
 * {@link Access} (or {@code security.default-access}); the caller is {@link Caller#of(
 * dev.chassis.core.http.Request)} in handlers, {@value Caller#MDC_KEY} in the MDC and the access
 * log's subject. Outbound calls to downstreams whose {@code clients.<name>.auth} is {@code relay},
 * {@code client-credentials} or {@code relay-or-client-credentials} carry the matching token.
 * Settings are the {@link SecurityConfig} section {@code security}; with a {@link MeterRegistry}
 * in the component the module records its meters there.
 */
@dagger.Module
public abstract class SecurityModule {
    SecurityModule() {}

    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return SecurityConfig.SECTION;
    }

    @Provides
    @Singleton
    static SecurityConfig config(BoundConfig config) {
        return config.get(SecurityConfig.SECTION);
    }

    @Provides
    @Singleton
    static SecurityRuntime runtime(
            BoundConfig config,
            ClientsConfig clients,
            AdminConfig admin,
            ObjectMapper json,
            TaskExecutor executor,
            Optional<MeterRegistry> registry) {
        return SecurityRuntime.create(
                config, clients, admin, json, executor, new SecurityMeters(registry.orElse(null)));
    }

    @Provides
    @IntoSet
    static Filter filter(SecurityRuntime runtime) {
        return runtime.filter();
    }

    @Provides
    @IntoSet
    static ContextPropagator callerContext() {
        return CallerContext.propagator();
    }

    @Provides
    @ElementsIntoSet
    static Set<ClientCredentials> credentials(SecurityRuntime runtime) {
        return Set.copyOf(runtime.credentials());
    }

    @Provides
    @IntoSet
    static LifecycleParticipant lifecycle(SecurityRuntime runtime) {
        return runtime.lifecycle();
    }
}
