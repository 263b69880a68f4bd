package dev.chassis.data;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.http.Routes;
import dev.chassis.observability.ObservabilityModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import javax.inject.Singleton;
import javax.sql.DataSource;

/** A service with observability and data, routes given by the test. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, DataModule.class, TestService.TestModule.class})
interface TestService {
    Service service();

    DataSource dataSource();

    DataSources dataSources();

    Transactions transactions();

    MeterRegistry registry();

    @Component.Factory
    interface Factory {
        TestService create(@BindsInstance Config config, @BindsInstance Function<DataSources, Routes> routes);
    }

    /** Test defaults (port 0, no propagation delay, no access log), then the test's YAML. */
    static Config config(String yaml) {
        return Config.builder()
                .yaml(
                        "defaults for tests",
                        "service: {name: data-test, version: 1.0.0}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\n"
                                + "observability: {access-log: {enabled: false}}\n")
                .yaml("test", yaml)
                .build();
    }

    static TestService create(String yaml, Function<DataSources, Routes> routes) {
        return DaggerTestService.factory().create(config(yaml), routes);
    }

    @Module
    abstract class TestModule {
        @Provides
        @IntoSet
        static Routes routes(Function<DataSources, Routes> routes, DataSources sources) {
            return routes.apply(sources);
        }
    }
}
