package dev.chassis.resilience;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.resilience.internal.InstanceBreakers;
import dev.chassis.resilience.spi.ClientFallback;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import javax.inject.Singleton;

/** A service with the resilience policies, meters in the registry the test gives. */
@Singleton
@Component(modules = {ChassisModule.class, ResilienceModule.class, TestService.TestModule.class})
interface TestService {
    Service service();

    ServiceClients clients();

    InstanceBreakers breakers();

    LiveConfig live();

    @Component.Factory
    interface Factory {
        TestService create(@BindsInstance Config config, @BindsInstance MeterRegistry registry);
    }

    static TestService create(String yaml, MeterRegistry registry) {
        Config config = Config.builder()
                .yaml(
                        "defaults for tests",
                        "service: {name: resilience-test, version: 1.0.0}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\n")
                .yaml("test", yaml)
                .build();
        return DaggerTestService.factory().create(config, registry);
    }

    @Module
    abstract class TestModule {
        /** A per-client fallback for the downstream {@code with-fallback}. */
        @Provides
        @IntoMap
        @StringKey("with-fallback")
        static ClientFallback withFallback() {
            return (request, failure) -> request.path().startsWith("/none")
                    ? Optional.empty()
                    : Optional.of(Map.of("id", "from-fallback", "path", request.path()));
        }
    }
}
