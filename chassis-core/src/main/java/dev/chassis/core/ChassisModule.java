package dev.chassis.core;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.ClassKey;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ProblemType;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigLayerProvider;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.conformance.StandardFeatures;
import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.ServerStats;
import dev.chassis.core.internal.client.DefaultServiceClients;
import dev.chassis.core.internal.context.TaskExecutors;
import dev.chassis.core.internal.health.AdminEndpoints;
import dev.chassis.core.internal.http.ServerCounters;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.lifecycle.ServiceRuntime;
import dev.chassis.core.internal.netty.EventLoops;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * The core's Dagger module: configuration, JSON, the HTTP server and the {@link Service}. A
 * service's component lists it with its own modules and takes the {@link Config} as an instance:
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {ChassisModule.class, HelloModule.class})
 * interface HelloComponent {
 *     Service service();
 *
 *     @Component.Factory
 *     interface Factory {
 *         HelloComponent create(@BindsInstance Config config);
 *     }
 * }
 * }</pre>
 *
 * <p>Modules contribute with multibindings: {@link Routes}, {@link Filter},
 * {@link ExchangeListener}, {@link ExceptionMapper}, {@link HealthCheck}, {@link LifecycleParticipant},
 * {@link ConfigSection}, Jackson {@link Module}s, {@link ContextPropagator}s and
 * {@link ClientObserver}s, {@link ClientCredentials} and {@link ServiceResolver}s; optionally one {@link CallPolicy} and one
 * {@link InstanceGate}. It provides the {@link Service}, the {@link BoundConfig} and core sections,
 * the {@link ObjectMapper}, {@link ServerStats}, the {@link TaskExecutor} and the
 * {@link ServiceClients}.
 */
@dagger.Module
public abstract class ChassisModule {
    ChassisModule() {}

    @Multibinds
    abstract Set<Routes> routes();

    @Multibinds
    abstract Set<Filter> filters();

    @Multibinds
    abstract Set<ExchangeListener> exchangeListeners();

    @Multibinds
    abstract Set<ExceptionMapper> exceptionMappers();

    @Multibinds
    abstract Set<HealthCheck> healthChecks();

    @Multibinds
    abstract Set<LifecycleParticipant> participants();

    @Multibinds
    abstract Set<ConfigSection<?>> configSections();

    @Multibinds
    abstract Set<Module> jacksonModules();

    @Multibinds
    abstract Set<ContextPropagator> contextPropagators();

    @Multibinds
    abstract Set<ClientObserver> clientObservers();

    @Multibinds
    abstract Set<ClientCredentials> clientCredentials();

    /** The modules' standard features, for {@code --conformance}. */
    @Multibinds
    abstract Set<StandardFeatures> standardFeatures();

    /** The thread dump and the running configuration, on the admin routes. */
    @Provides
    @IntoSet
    static Routes adminEndpoints(AdminConfig admin, LiveConfig live) {
        return new AdminEndpoints(admin, live::listing);
    }

    /** The team's problem types mapped to exceptions of its own. */
    @Multibinds
    abstract Set<ProblemType<?>> problemTypes();

    /**
     * Parts modules expose to tools and tests through {@link Service#lookup}, keyed by type:
     * {@code @Provides @IntoMap @ClassKey(MeterRegistry.class) static Object registry(...)}.
     */
    @Multibinds
    abstract Map<Class<?>, Object> exposed();

    @Provides
    @IntoMap
    @ClassKey(ServerStats.class)
    static Object exposeServerStats(ServerCounters counters) {
        return counters;
    }

    @Provides
    @IntoMap
    @ClassKey(BoundConfig.class)
    static Object exposeConfig(BoundConfig config) {
        return config;
    }

    @BindsOptionalOf
    abstract CallPolicy callPolicy();

    @BindsOptionalOf
    abstract InstanceGate instanceGate();

    @Multibinds
    abstract Set<ServiceResolver> serviceResolvers();

    @Provides
    @ElementsIntoSet
    static Set<ConfigSection<?>> clientSections() {
        return Set.of(ClientsConfig.SECTION);
    }

    @Provides
    @Singleton
    static ClientsConfig clientsConfig(BoundConfig config) {
        return config.get(ClientsConfig.SECTION);
    }

    @Provides
    @Singleton
    static EventLoops eventLoops(ServerConfig server) {
        return new EventLoops(server);
    }

    @Provides
    @Singleton
    static DefaultServiceClients defaultServiceClients(
            LiveConfig config,
            Set<ServiceResolver> resolvers,
            Set<ClientObserver> observers,
            Set<ClientCredentials> credentials,
            Set<ProblemType<?>> problemTypes,
            Optional<CallPolicy> policy,
            Optional<InstanceGate> gate,
            JsonCodec json,
            EventLoops loops,
            TaskExecutor executor) {
        return new DefaultServiceClients(
                config,
                resolvers,
                observers,
                credentials,
                problemTypes,
                policy.orElse(null),
                gate.orElse(null),
                json,
                loops,
                executor);
    }

    @Provides
    static ServiceClients serviceClients(DefaultServiceClients clients) {
        return clients;
    }

    @Provides
    @IntoSet
    static LifecycleParticipant clientsLifecycle(DefaultServiceClients clients) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "service clients";
            }

            @Override
            public int phase() {
                return PHASE_RESOURCES;
            }

            @Override
            public void start() {
                clients.checkCredentials();
                clients.checkTls();
                clients.prepareResolvers();
            }

            @Override
            public void stop() {
                clients.close();
            }
        };
    }

    @Provides
    @Singleton
    static TaskExecutor taskExecutor(ServerConfig server) {
        return TaskExecutors.create(server);
    }

    @Provides
    @IntoSet
    static LifecycleParticipant taskExecutorShutdown(TaskExecutor executor) {
        return TaskExecutors.shutdownOnStop(executor);
    }

    @Provides
    @ElementsIntoSet
    static Set<ConfigSection<?>> coreSections() {
        return Set.of(ServiceConfig.SECTION, ServerConfig.SECTION, AdminConfig.SECTION, LifecycleConfig.SECTION);
    }

    @Multibinds
    abstract Set<ConfigLayerProvider> configLayerProviders();

    @Provides
    @Singleton
    static LiveConfig liveConfig(Config config, Set<ConfigSection<?>> sections, Set<ConfigLayerProvider> providers) {
        return ConfigBinding.live(config, sections, providers);
    }

    /** The configuration as bound at start; {@link LiveConfig} has it as it changes. */
    @Provides
    @Singleton
    static BoundConfig boundConfig(LiveConfig live) {
        return live.current();
    }

    @Provides
    @Singleton
    static ServiceConfig serviceConfig(BoundConfig config) {
        return config.get(ServiceConfig.SECTION);
    }

    @Provides
    @Singleton
    static ServerConfig serverConfig(BoundConfig config) {
        return config.get(ServerConfig.SECTION);
    }

    @Provides
    @Singleton
    static AdminConfig adminConfig(BoundConfig config) {
        return config.get(AdminConfig.SECTION);
    }

    @Provides
    @Singleton
    static LifecycleConfig lifecycleConfig(BoundConfig config) {
        return config.get(LifecycleConfig.SECTION);
    }

    @Provides
    @Singleton
    static ObjectMapper objectMapper(Set<Module> modules) {
        return JsonCodec.defaultMapper(modules);
    }

    @Provides
    @Singleton
    static JsonCodec jsonCodec(ObjectMapper mapper) {
        return new JsonCodec(mapper);
    }

    @Provides
    @Singleton
    static ServerCounters serverCounters() {
        return new ServerCounters();
    }

    @Provides
    static ServerStats serverStats(ServerCounters counters) {
        return counters;
    }

    @Provides
    @Singleton
    static ServiceRuntime serviceRuntime(
            BoundConfig config,
            ServiceConfig service,
            ServerConfig server,
            AdminConfig admin,
            LifecycleConfig lifecycle,
            JsonCodec json,
            ServerCounters counters,
            Set<Routes> routes,
            Set<Filter> filters,
            Set<ExchangeListener> listeners,
            Set<ExceptionMapper> exceptionMappers,
            Set<HealthCheck> checks,
            Set<LifecycleParticipant> participants,
            Set<ContextPropagator> propagators,
            EventLoops loops,
            Map<Class<?>, Object> exposed) {
        ContextPropagation.install(propagators);
        return new ServiceRuntime(
                config,
                service,
                server,
                admin,
                lifecycle,
                json,
                counters,
                routes,
                filters,
                listeners,
                exceptionMappers,
                checks,
                participants,
                loops,
                exposed);
    }

    @Provides
    @Singleton
    static Service service(
            Provider<ServiceRuntime> runtime,
            Config config,
            Provider<BoundConfig> bound,
            Provider<Set<StandardFeatures>> features) {
        return new Service(runtime, config.action(), bound, features);
    }
}
