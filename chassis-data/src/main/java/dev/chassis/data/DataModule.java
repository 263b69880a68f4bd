package dev.chassis.data;

import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.data.config.DataConfig;
import dev.chassis.data.internal.Pool;
import dev.chassis.data.internal.PoolHealthCheck;
import dev.chassis.data.internal.PoolUnavailableMapper;
import dev.chassis.data.internal.Pools;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;
import javax.sql.DataSource;

/**
 * Databases for a chassis service; add it to the component next to {@code ChassisModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, DataModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>It binds the pools configured under {@code data.sources} ({@link DataConfig}): the one named
 * {@code main} as {@link DataSource} with its {@link Transactions}, and all of them through
 * {@link DataSources}. Each pool starts before the server binds (connecting and running its Flyway
 * migrations, or retrying in the background), counts for readiness as health check
 * {@code db-<name>}, reports HikariCP's meters to the service's {@link MeterRegistry} when it has
 * one, and closes after the HTTP drain. A request that finds no free connection within
 * {@code connection-timeout} is answered 503 with {@code Retry-After}.
 */
@dagger.Module
public abstract class DataModule {
    DataModule() {}

    /** The service's registry, when a module such as chassis-observability provides one. */
    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return DataConfig.SECTION;
    }

    @Provides
    @Singleton
    static DataConfig config(BoundConfig config) {
        return config.get(DataConfig.SECTION);
    }

    @Provides
    @Singleton
    static Pools pools(DataConfig config, Optional<MeterRegistry> registry) {
        return new Pools(config, registry.orElse(null));
    }

    @Provides
    @Singleton
    static DataSources dataSources(Pools pools) {
        return new PoolSources(pools);
    }

    @Provides
    static DataSource dataSource(DataSources sources) {
        return sources.get(DataSources.DEFAULT);
    }

    @Provides
    static Transactions transactions(DataSources sources) {
        return sources.transactions(DataSources.DEFAULT);
    }

    @Provides
    @ElementsIntoSet
    static Set<LifecycleParticipant> participants(Pools pools) {
        return new LinkedHashSet<>(pools.all());
    }

    @Provides
    @ElementsIntoSet
    static Set<HealthCheck> checks(Pools pools) {
        Set<HealthCheck> checks = new LinkedHashSet<>();
        for (Pool pool : pools.all()) {
            checks.add(new PoolHealthCheck(pool));
        }
        return checks;
    }

    @Provides
    @IntoSet
    static ExceptionMapper unavailable(DataConfig config) {
        return new PoolUnavailableMapper(config.retryAfter());
    }
}
